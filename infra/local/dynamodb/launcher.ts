/**
 * How Java runs infra/local/dynamodb/Launcher.java. Java's source launcher compiles it at every
 * start, which added about 1.3 s to a 2.3 s DynamoDB Local start on this machine; so it is
 * compiled once per version of the file and of the jar into a cache directory and reused. The
 * compiler is the JDK's own module (`java -m jdk.compiler/…`), which the JRE-only installs the
 * README asks for also ship, so no `javac` on the PATH is needed. Where nothing can be cached,
 * the source launcher still works, only slower.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../paths.ts';

const run = promisify(execFile);

export const LAUNCHER_SOURCE = join(repoRoot, 'infra', 'local', 'dynamodb', 'Launcher.java');
const MAIN_CLASS = 'Launcher';

/** node_modules/.cache is where build tools keep what they can always rebuild. */
const cacheRoot = () => join(repoRoot, 'node_modules', '.cache', 'bianzhi-dynamodb-launcher');

const compiledDir = async (jarDir: string, classPath: string): Promise<string | undefined> => {
  const source = readFileSync(LAUNCHER_SOURCE);
  const key = createHash('sha256').update(source).update('\0').update(basename(jarDir)).digest('hex').slice(0, 16);
  const dir = join(cacheRoot(), key);
  if (existsSync(join(dir, `${MAIN_CLASS}.class`))) return dir;
  let tmp: string;
  try {
    mkdirSync(cacheRoot(), { recursive: true });
    tmp = mkdtempSync(join(cacheRoot(), 'tmp-'));
  } catch {
    return undefined;
  }
  try {
    await run('java', [
      '-m',
      'jdk.compiler/com.sun.tools.javac.Main',
      '--release',
      '17',
      '-proc:none',
      '-nowarn',
      '-cp',
      classPath,
      '-d',
      tmp,
      LAUNCHER_SOURCE,
    ]);
    // Publish whole or not at all: a concurrent start may have published the same key first.
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true });
  }
  return existsSync(join(dir, `${MAIN_CLASS}.class`)) ? dir : undefined;
};

/** The class path and main-class arguments of `java` that start DynamoDB Local through the launcher. */
export const launcherArgs = async (jarDir: string): Promise<string[]> => {
  const classPath = [join(jarDir, 'DynamoDBLocal.jar'), join(jarDir, 'DynamoDBLocal_lib', '*')].join(delimiter);
  const compiled = await compiledDir(jarDir, classPath);
  return compiled ? ['-cp', `${compiled}${delimiter}${classPath}`, MAIN_CLASS] : ['-cp', classPath, LAUNCHER_SOURCE];
};
