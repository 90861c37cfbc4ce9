/** Runs in every browser-test file: the pages a test opened are closed when it ends. */
import { afterEach } from 'vitest';
import { closeOpenApps } from './browser.ts';

afterEach(closeOpenApps);
