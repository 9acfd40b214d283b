import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Report } from './report';
import { toJUnitXml } from './junit';
import { toHtml } from './html';
import { maskSecrets } from './mask';

/** Writes report.json, junit.xml and report.html into `dir` (created if missing); answers their paths. */
export async function writeReports(report: Report, dir: string): Promise<{ json: string; junit: string; html: string }> {
  const root = resolve(dir);
  await mkdir(root, { recursive: true });
  const safe = maskSecrets(report);
  const paths = { json: join(root, 'report.json'), junit: join(root, 'junit.xml'), html: join(root, 'report.html') };
  await writeFile(paths.json, JSON.stringify(safe, null, 2) + '\n');
  await writeFile(paths.junit, toJUnitXml(safe));
  await writeFile(paths.html, toHtml(safe));
  return paths;
}
