// Reads a JSON array of PromQL expressions on stdin; prints, for each, where Prometheus's own grammar finds a syntax
// error and which metrics it selects: [{"errors": ["at 12: …"], "metrics": ["faucet_ready"]}, …].
import { parser } from '@prometheus-io/lezer-promql';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const expressions = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const results = expressions.map((expr) => {
  const errors = [];
  const metrics = new Set();
  parser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError) {
        errors.push(node.from < expr.length ? `at ${node.from}: unexpected ${JSON.stringify(expr.slice(node.from, node.from + 12))}` : "unexpected end");
      } else if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') {
        metrics.add(expr.slice(node.from, node.to));
      }
    },
  });
  return { errors, metrics: [...metrics] };
});
process.stdout.write(JSON.stringify(results));
