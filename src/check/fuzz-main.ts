/**
 * `npm run fuzz -- --seeds N [--from S] [--json]`: the fuzzer's own entry point, the same command
 * as `npm run cli -- fuzz` (see src/cli/fuzz-command.ts).
 */
import { CliUsageError } from '../cli/args.ts';
import { fuzzCommand } from '../cli/fuzz-command.ts';

try {
  process.exitCode = await fuzzCommand(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof CliUsageError)) throw error;
  process.stderr.write(`fuzz: ${error.message}\n`);
  process.exitCode = 2;
}
