import { ESLint } from 'eslint';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { enginePurity } from '../../eslint.config.js';

describe('engine purity lint rule', () => {
  it('rejects UI imports, the wall clock, Math.random and real timers in src/core', async () => {
    const eslint = new ESLint({
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: (await import('typescript-eslint')).parser },
          rules: enginePurity,
        },
      ],
    });
    const source = readFileSync(new URL('./fixtures/impure-core.ts', import.meta.url), 'utf8');
    const [result] = await eslint.lintText(source, { filePath: 'src/core/impure.ts' });
    const rules = (result?.messages ?? []).map((m) => m.ruleId);
    expect(rules).toContain('no-restricted-imports');
    expect(rules).toContain('no-restricted-properties');
    expect(rules).toContain('no-restricted-globals');
    const text = (result?.messages ?? []).map((m) => m.message).join('\n');
    expect(text).toMatch(/Math\.random/);
    expect(text).toMatch(/wall clock/);
  });

  it('accepts a pure module', async () => {
    const eslint = new ESLint({
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: (await import('typescript-eslint')).parser },
          rules: enginePurity,
        },
      ],
    });
    const [result] = await eslint.lintText('export const add = (a: number, b: number) => a + b;\n', {
      filePath: 'src/core/pure.ts',
    });
    expect(result?.messages).toEqual([]);
  });
});
