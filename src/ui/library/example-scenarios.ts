/**
 * The example scenarios shipped with the app (public/scenarios/, listed in its index.json): the
 * library lists them, and `?example=<name>` opens one from a link. Fetched from the site itself,
 * so they are read like any imported file — checked by the scenario schema before they play.
 */
import { formatScenarioError, parseScenarioText, type Scenario } from '../../scenario/scenario.ts';

export interface ExampleEntry {
  /** The file under scenarios/, e.g. `big-cluster.json`. */
  file: string;
  name: string;
  description: string;
}

export type ExampleResult = { ok: true; scenario: Scenario } | { ok: false; message: string };

/** Fetches a text file of the site; injectable for tests. */
export type FetchText = (url: string) => Promise<string>;

const fetchText: FetchText = async (url) => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  // A server that answers every unknown path with the app's page (a single-page fallback) means "not there".
  if (response.headers.get('content-type')?.includes('text/html'))
    throw new Error(`there is no ${url}`);
  return response.text();
};

/** Where an example file is served: under the app's base path, so a deployment in a sub-folder works. */
export function exampleUrl(file: string): string {
  return `${import.meta.env.BASE_URL}scenarios/${file}`;
}

/** The file a link's `example` parameter names (`big-cluster` or `big-cluster.json`), or undefined if it is not a plain name. */
export function exampleFile(name: string): string | undefined {
  const stem = name.replace(/\.json$/, '');
  return /^[a-z0-9][a-z0-9-]*$/.test(stem) && stem !== 'index' ? `${stem}.json` : undefined;
}

/** The examples index.json lists, in its order; entries that are not a file, a name and a description are left out. */
export function parseExampleIndex(text: string): ExampleEntry[] {
  const json = JSON.parse(text) as { scenarios?: unknown };
  if (!Array.isArray(json.scenarios)) throw new Error('the example index has no scenarios list');
  return json.scenarios.filter(
    (e): e is ExampleEntry =>
      typeof e === 'object' &&
      e !== null &&
      typeof (e as ExampleEntry).file === 'string' &&
      exampleFile((e as ExampleEntry).file) !== undefined &&
      typeof (e as ExampleEntry).name === 'string' &&
      typeof (e as ExampleEntry).description === 'string',
  );
}

export async function listExamples(fetch: FetchText = fetchText): Promise<ExampleEntry[]> {
  return parseExampleIndex(await fetch(exampleUrl('index.json')));
}

/** Never throws: an example that cannot be fetched or read gets one sentence saying why. */
export async function fetchExample(
  file: string,
  fetch: FetchText = fetchText,
): Promise<ExampleResult> {
  let text: string;
  try {
    text = await fetch(exampleUrl(file));
  } catch (error) {
    return {
      ok: false,
      message: `The example ${file} could not be fetched: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const parsed = parseScenarioText(text);
  return parsed.ok
    ? { ok: true, scenario: parsed.scenario }
    : {
        ok: false,
        message: `The example ${file} could not be read: ${formatScenarioError(parsed.error)}`,
      };
}
