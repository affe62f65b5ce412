/**
 * The embedded registry: a folder (default `.mlgate/registry`). Layout, per model:
 *
 *   <root>/<name>/@v<version>/model.onnx, manifest.json, model-card.md, evaluation.json, comparison.json
 *   <root>/<name>/@stages.json      every stage assignment, oldest first
 *
 * '@' cannot appear in a model name (GTO's rule), so a model named "churn/eu" never collides with the
 * folders of "churn". A version is staged in `@staging-…` beside its final folder, verified, and renamed
 * into place: a rename is atomic, so a reader sees a whole version or none. Stage assignments are
 * written under a lock file, through a temporary file and a rename.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { ConfigurationError, getErrorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import { sha256File } from './digest.js';
import { stageTag, versionTag } from './names.js';
import { compareVersions } from './semver.js';
import type {
  AssetName,
  Manifest,
  PublishOutcome,
  RegistryStore,
  StageAssignment,
  VersionBundle,
  VersionRecord,
} from './types.js';

export const DEFAULT_LOCAL_REGISTRY = '.mlgate/registry';

interface StagesFile {
  schemaVersion: 1;
  assignments: StageAssignment[];
}

export interface LocalStoreOptions {
  /** How long to wait for another process's lock before giving up (default 10 s). */
  lockTimeoutMs?: number;
  /** A lock older than this is taken to be left by a process that died (default 60 s). */
  staleLockMs?: number;
  now?: () => Date;
}

export class LocalRegistryStore implements RegistryStore {
  readonly kind = 'local' as const;
  readonly description: string;
  private readonly root: string;

  constructor(
    root: string,
    private readonly options: LocalStoreOptions = {},
    cwd = process.cwd(),
  ) {
    this.root = resolve(cwd, root);
    const shown = relative(cwd, this.root) || '.';
    this.description = `the local registry ${shown.startsWith('..') ? this.root : shown}`;
  }

  private modelDir(name: string): string {
    return join(this.root, ...name.split('/'));
  }

  private versionDir(name: string, version: string): string {
    return join(this.modelDir(name), `@v${version}`);
  }

  async listVersions(name: string): Promise<VersionRecord[]> {
    let entries: string[];
    try {
      entries = await readdir(this.modelDir(name));
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return [];
      throw this.unreadable(error);
    }
    const records: VersionRecord[] = [];
    for (const entry of entries) {
      if (!entry.startsWith('@v')) continue;
      const manifest = await this.readManifest(name, entry.slice(2));
      if (!manifest) continue;
      const dir = this.versionDir(name, manifest.version);
      const assets: VersionRecord['assets'] = [];
      for (const file of (await readdir(dir)).sort()) {
        assets.push({ name: file, size_bytes: (await stat(join(dir, file))).size });
      }
      records.push({
        name,
        version: manifest.version,
        tag: manifest.tag,
        sha256: manifest.model.sha256,
        size_bytes: manifest.model.size_bytes,
        created_at: manifest.created_at,
        location: dir,
        assets,
      });
    }
    return records.sort((a, b) => compareVersions(a.version, b.version));
  }

  async readManifest(name: string, version: string): Promise<Manifest | undefined> {
    const path = join(this.versionDir(name, version), 'manifest.json');
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return undefined;
      throw this.unreadable(error);
    }
    try {
      return JSON.parse(text) as Manifest;
    } catch (error) {
      throw new ConfigurationError(
        `${path}: is not valid JSON (${getErrorMessage(error)}); the registry folder was edited by hand?`,
      );
    }
  }

  async publishVersion(bundle: VersionBundle, logger: Logger): Promise<PublishOutcome> {
    const { name, version } = bundle.manifest;
    const modelDir = this.modelDir(name);
    const finalDir = this.versionDir(name, version);
    const existing = await this.readManifest(name, version);
    if (existing) return sameModelOrRefuse(existing, bundle.manifest, this.description);
    await mkdir(modelDir, { recursive: true });
    // Leftovers of an earlier attempt that stopped before its rename: this run completes the version.
    // A staging folder's owner is a marker file beside it (`<folder>.owner`, written before the folder and
    // removed after its rename): a folder whose owner process is alive is a publish running now.
    const prefix = `@staging-v${version}-`;
    const leftovers: string[] = [];
    for (const entry of (await readdir(modelDir)).filter(
      (e) => e.startsWith(prefix) && !e.endsWith(OWNER_SUFFIX),
    )) {
      if (await ownerAlive(join(modelDir, entry))) continue;
      leftovers.push(entry);
      await rm(join(modelDir, entry), { recursive: true, force: true });
      await rm(join(modelDir, `${entry}${OWNER_SUFFIX}`), { force: true });
    }
    const staging = join(modelDir, `${prefix}${randomBytes(4).toString('hex')}`);
    const marker = `${staging}${OWNER_SUFFIX}`;
    await writeFile(marker, `${process.pid} ${hostname()}\n`);
    try {
      await mkdir(staging);
      for (const asset of bundle.assets) {
        const target = join(staging, asset.name);
        await copyFile(asset.path, target);
        const [sha256, size] = [await sha256File(target), (await stat(target)).size];
        if (sha256 !== asset.sha256 || size !== asset.size_bytes) {
          throw new Error(
            `${asset.name} copied to ${target} has sha256 ${sha256} (${size} bytes), expected ${asset.sha256} (${asset.size_bytes} bytes): the source changed while it was recorded?`,
          );
        }
      }
      try {
        await rename(staging, finalDir);
      } catch (error) {
        // Another process published the same version first.
        const winner = await this.readManifest(name, version);
        if (winner) return sameModelOrRefuse(winner, bundle.manifest, this.description);
        throw error;
      }
    } finally {
      await rm(staging, { recursive: true, force: true });
      await rm(marker, { force: true });
    }
    logger.debug(`Recorded ${bundle.manifest.tag} in ${finalDir}.`);
    return leftovers.length > 0 ? 'resumed' : 'created';
  }

  async downloadAsset(
    name: string,
    version: string,
    asset: AssetName,
    destination: string,
    sha256: string,
  ): Promise<void> {
    const source = join(this.versionDir(name, version), asset);
    await mkdir(dirname(destination), { recursive: true });
    const tmp = `${destination}.${randomBytes(4).toString('hex')}.part`;
    try {
      await copyFile(source, tmp);
      const actual = await sha256File(tmp);
      if (actual !== sha256) {
        throw new ConfigurationError(
          `${source}: has sha256 ${actual}, but ${versionTag(name, version)}'s manifest records ${sha256}: the registry copy was changed after it was recorded.`,
        );
      }
      await rename(tmp, destination);
    } catch (error) {
      await rm(tmp, { force: true });
      if ((error as { code?: string }).code === 'ENOENT') {
        throw new ConfigurationError(`${versionTag(name, version)} has no ${asset} in ${this.description}.`);
      }
      throw error;
    }
  }

  async listAssignments(name: string): Promise<StageAssignment[]> {
    // By stage, then by counter, as the GitHub store lists them.
    return (await this.readStages(name)).assignments.sort((a, b) =>
      a.stage === b.stage ? a.n - b.n : a.stage < b.stage ? -1 : 1,
    );
  }

  async assignStage(
    assignment: Omit<StageAssignment, 'n' | 'tag' | 'at'> & { at?: string },
    logger: Logger,
  ): Promise<StageAssignment> {
    const dir = this.modelDir(assignment.name);
    await mkdir(dir, { recursive: true });
    const release = await this.lock(dir);
    try {
      const file = await this.readStages(assignment.name);
      const n =
        file.assignments
          .filter((a) => a.stage === assignment.stage)
          .reduce((max, a) => Math.max(max, a.n), 0) + 1;
      const recorded: StageAssignment = {
        name: assignment.name,
        stage: assignment.stage,
        version: assignment.version,
        n,
        kind: assignment.kind,
        at: assignment.at ?? (this.options.now?.() ?? new Date()).toISOString(),
        by: assignment.by,
        run: assignment.run,
        tag: stageTag(assignment.name, assignment.stage, n),
      };
      file.assignments.push(recorded);
      const path = join(dir, '@stages.json');
      const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(tmp, `${JSON.stringify(file, null, 2)}\n`);
      await rename(tmp, path);
      logger.debug(`Recorded ${recorded.tag} in ${path}.`);
      return recorded;
    } finally {
      await release();
    }
  }

  private async readStages(name: string): Promise<StagesFile> {
    const path = join(this.modelDir(name), '@stages.json');
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return { schemaVersion: 1, assignments: [] };
      throw this.unreadable(error);
    }
    try {
      const parsed = JSON.parse(text) as StagesFile;
      if (!Array.isArray(parsed.assignments)) throw new Error('no "assignments" list');
      return parsed;
    } catch (error) {
      throw new ConfigurationError(
        `${path}: is not a stages file (${getErrorMessage(error)}); it was edited by hand?`,
      );
    }
  }

  /** An exclusive lock file beside the stages file; a stale one (its process died) is taken over. */
  private async lock(dir: string): Promise<() => Promise<void>> {
    const path = join(dir, '@lock');
    const deadline = Date.now() + (this.options.lockTimeoutMs ?? 10_000);
    for (;;) {
      try {
        const handle = await open(path, 'wx');
        await handle.writeFile(`${process.pid}\n`);
        await handle.close();
        return () => rm(path, { force: true });
      } catch (error) {
        if ((error as { code?: string }).code !== 'EEXIST') throw this.unreadable(error);
        const age = await stat(path).then(
          (s) => Date.now() - s.mtimeMs,
          () => 0,
        );
        if (age > (this.options.staleLockMs ?? 60_000)) {
          await rm(path, { force: true });
          continue;
        }
        if (Date.now() > deadline) {
          throw new ConfigurationError(
            `${path}: another mlgate process holds the registry's lock; wait for it, or remove the file if no mlgate runs.`,
          );
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  private unreadable(error: unknown): ConfigurationError {
    return new ConfigurationError(
      `${this.description} (${this.root}) cannot be used: ${getErrorMessage(error)}`,
    );
  }
}

const OWNER_SUFFIX = '.owner';

/** Whether the process that owns a staging folder still runs (on this machine); no owner means dead. */
async function ownerAlive(dir: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(`${dir}${OWNER_SUFFIX}`, 'utf8');
  } catch {
    return false;
  }
  const [pid, host] = text.trim().split(' ');
  if (host !== hostname() || !/^\d+$/.test(pid ?? '')) return false;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as { code?: string }).code === 'EPERM';
  }
}

/** Versions are immutable: the same model again is nothing to do, another model under the version is refused. */
export function sameModelOrRefuse(existing: Manifest, wanted: Manifest, where: string): PublishOutcome {
  if (existing.model.sha256 === wanted.model.sha256) return 'unchanged';
  throw new ConfigurationError(
    `${wanted.tag} already exists in ${where} with another model (sha256 ${existing.model.sha256}, this one is ` +
      `${wanted.model.sha256}); versions are immutable. Record this model under a new version (--bump or --version).`,
  );
}
