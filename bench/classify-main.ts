import suite from './classify.js';

// Runs only the classify benchmark: `node shared/cli/bin.mjs --script bench/classify-main.ts`.
for (const figure of await suite()) {
  const baseline = figure.baseline
    ? ` vs ${figure.baseline.value} ${figure.baseline.unit} (${figure.baseline.label})`
    : '';
  process.stdout.write(
    `${figure.id}: ${figure.value} ${figure.unit}${baseline}, ratio ${figure.ratio}\n  ${figure.note ?? ''}\n`,
  );
}
