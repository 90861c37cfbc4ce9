/** The header: the playground's name, what it is, and the light/dark theme toggle. */
import { ScenarioBar } from './share/ScenarioBar.tsx';
import { useAppStore } from './store/store.ts';

export function Header() {
  const theme = useAppStore((s) => s.theme);
  const toggleTheme = useAppStore((s) => s.toggleTheme);
  const next = theme === 'light' ? 'dark' : 'light';
  return (
    <header className="header">
      <h1 className="title">Dynamo Playground</h1>
      <p className="subtitle">Amazon’s Dynamo (SOSP 2007), running in your browser</p>
      <ScenarioBar />
      <button
        type="button"
        className="button theme-toggle"
        data-testid="theme-toggle"
        aria-label={`Switch to the ${next} theme`}
        title={`Switch to the ${next} theme`}
        onClick={toggleTheme}
      >
        <span aria-hidden="true">{theme === 'light' ? '☾' : '☀'}</span> {theme === 'light' ? 'Dark' : 'Light'}
      </button>
    </header>
  );
}
