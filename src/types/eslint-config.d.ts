declare module '*/eslint.config.js' {
  import type { Linter } from 'eslint';
  export const enginePurity: Linter.RulesRecord;
  const config: Linter.Config[];
  export default config;
}
