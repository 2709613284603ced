// Usage: node validate.mjs path/to/deploy.yaml
// Exits 0 and prints "valid" when the Akash SDK accepts the SDL (as the beta3 manifest version the
// provider network runs), else exits 1 with the SDK's reason.
import { readFileSync } from 'node:fs';
import sdlModule from '@akashnetwork/akashjs/build/sdl/index.js';

const { SDL } = sdlModule;
const path = process.argv[2];
if (!path) {
  console.error('usage: node validate.mjs path/to/deploy.yaml');
  process.exit(2);
}
try {
  const sdl = SDL.fromString(readFileSync(path, 'utf8'), 'beta3');
  const groups = sdl.groups().map((g) => g.name).join(', ');
  console.log(`valid (placement groups: ${groups})`);
} catch (error) {
  console.error(`invalid: ${error.message}`);
  process.exit(1);
}
