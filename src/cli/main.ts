/**
 * Entry point of `npm run cli -- <command> [flags]`: dispatches on the first word to the command
 * table. With --json, stdout carries exactly one JSON document; messages go to stderr; bad input
 * exits with code 2 and a one-line message (design.md, "Contracts").
 */
import { commands, inputErrorTypes } from './commands.ts';

function usage(): string {
  return `usage: npm run cli -- <command> [flags]   commands: ${Object.keys(commands).join(', ')}   (<command> --help for its flags)`;
}

/** The words that ask for help rather than name a command. */
const helpWords: readonly string[] = ['help', '--help', '-h'];

export async function runCli(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  const topic = rest[0];
  if (name === 'help' && topic !== undefined && !helpWords.includes(topic)) {
    // `help ring` is `ring --help`; help on a command that does not exist is a mistake.
    if (Object.hasOwn(commands, topic)) return runCli([topic, ...rest.slice(1), '--help']);
    process.stderr.write(`unknown command ${JSON.stringify(topic)}; ${usage()}\n`);
    return 2;
  }
  if (name === undefined) {
    process.stderr.write(`${usage()}\n`);
    return 2;
  }
  if (helpWords.includes(name)) {
    // Asked for, the usage is the answer: stdout, so `--help | less` shows it.
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(`unknown command ${JSON.stringify(name)}; ${usage()}\n`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (error) {
    if (error instanceof Error && inputErrorTypes.some((type) => error instanceof type)) {
      process.stderr.write(`${name}: ${error.message.split('\n')[0] ?? ''}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await runCli(process.argv.slice(2));
