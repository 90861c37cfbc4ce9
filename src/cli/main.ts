/**
 * Entry point of `npm run cli -- <command> [flags]`: dispatches on the first word to the command
 * table. With --json, stdout carries exactly one JSON document; messages go to stderr; bad input
 * exits with code 2 and a one-line message (design.md, "Contracts").
 */
import { commands, inputErrorTypes } from './commands.ts';

function usage(): string {
  return `usage: npm run cli -- <command> [flags]   commands: ${Object.keys(commands).join(', ')}   (<command> --help for its flags)`;
}

export async function runCli(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === 'help' && rest[0] !== undefined && Object.hasOwn(commands, rest[0])) {
    // `help ring` is `ring --help`.
    const [topic, ...more] = rest;
    return runCli([topic, ...more, '--help']);
  }
  if (name === undefined || name === 'help' || name === '--help') {
    process.stderr.write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
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
