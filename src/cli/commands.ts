/**
 * The command table of `npm run cli -- <command>`: each entry takes the words after the command
 * name and resolves to the process exit code. Register a new command here.
 */
import { RingConfigError } from '../core/partitioning.ts';
import { ExperimentOptionsError } from '../experiments/experiment-control.ts';
import { CliUsageError } from './args.ts';
import { experimentCommand } from './experiment-command.ts';
import { fuzzCommand } from './fuzz-command.ts';
import { ringCommand } from './ring-command.ts';
import { runCommand } from './run-command.ts';
import { InvalidScenarioError } from '../scenario/scenario-error.ts';

export type CliCommand = (argv: string[]) => Promise<number>;

export const commands: Readonly<Record<string, CliCommand>> = {
  ring: ringCommand,
  experiment: experimentCommand,
  fuzz: fuzzCommand,
  run: runCommand,
};

/**
 * Errors that mean "bad input": main prints their message on one line and exits with code 2.
 * Add a command's own validation error here rather than catching it in the command.
 */
export const inputErrorTypes: readonly (abstract new (...args: never[]) => Error)[] = [
  CliUsageError,
  RingConfigError,
  ExperimentOptionsError,
  InvalidScenarioError,
];
