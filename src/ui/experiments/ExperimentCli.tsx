/**
 * The terminal command for the form, one argument per unbreakable piece: lines wrap only between
 * arguments (`--nodes 5`), never inside a flag, and the text copied is the command as typed (the
 * pieces are separated by ordinary spaces).
 */
export function ExperimentCli({ args }: { args: readonly string[] }) {
  return (
    <code className="experiment-cli" data-testid="experiment-cli">
      {args.map((arg, i) => {
        const space = arg.indexOf(' ');
        // `--flag value`: the flag never breaks; a value longer than a line may break inside itself.
        const flag = arg.startsWith('--') && space > 0 ? arg.slice(0, space) : undefined;
        return (
          <span key={i}>
            {i > 0 ? ' ' : null}
            <span className="cli-arg" data-testid="cli-arg">
              {flag === undefined ? (
                <span className="cli-word">{arg}</span>
              ) : (
                <>
                  <span className="cli-word">{flag}</span>{' '}
                  <span className="cli-value">{arg.slice(space + 1)}</span>
                </>
              )}
            </span>
          </span>
        );
      })}
    </code>
  );
}
