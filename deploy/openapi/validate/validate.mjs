// Usage: node validate.mjs path/to/openapi.json
// Exits 0 and prints "valid" when Swagger Parser accepts the document: it resolves every $ref and checks the whole
// document against the OpenAPI specification's own schema for its version. Else exits 1 with the parser's reason.
import SwaggerParser from '@apidevtools/swagger-parser';

const path = process.argv[2];
if (!path) {
  console.error('usage: node validate.mjs path/to/openapi.json');
  process.exit(2);
}
try {
  const api = await SwaggerParser.validate(path);
  console.log(`valid (OpenAPI ${api.openapi}, ${Object.keys(api.paths ?? {}).length} paths)`);
} catch (error) {
  console.error(`invalid: ${error.message}`);
  process.exit(1);
}
