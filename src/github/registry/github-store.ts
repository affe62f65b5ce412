/**
 * The registry on GitHub: each version is a Release tagged `<name>@v<version>` with its files as assets;
 * each stage assignment is an annotated tag `<name>#<stage>#<n>` on the version's commit (GTO's
 * notation, so GTO reads it). Publishing is draft → upload → verify (size and sha256) → tag → publish,
 * so no reader ever sees a release with missing assets; a rerun finds the draft and completes it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigurationError, ServiceUnavailableError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { sameModelOrRefuse } from '../../core/registry/local-store.js';
import { parseRegistryTag, stageTag, versionTag } from '../../core/registry/names.js';
import { compareVersions } from '../../core/registry/semver.js';
import type {
  AssetName,
  Manifest,
  PublishOutcome,
  RegistryStore,
  StageAssignment,
  VersionBundle,
  VersionRecord,
} from '../../core/registry/types.js';
import {
  describeGitHubError,
  GitHubRateLimitError,
  isHttpError,
  releaseUploadBaseUrl,
  type GitHubClient,
  type Repository,
} from '../octokit.js';

type Release = Awaited<ReturnType<GitHubClient['rest']['repos']['getRelease']>>['data'];
type Asset = Release['assets'][number];

/** Hidden in the release body: the model's digest, so listing versions needs no download. */
const MARKER = /<!-- mlgate:version (\{[^\n]*?\}) -->/;

function marker(manifest: Manifest): string {
  return `<!-- mlgate:version ${JSON.stringify({ name: manifest.name, version: manifest.version, model_sha256: manifest.model.sha256, model_size: manifest.model.size_bytes })} -->`;
}

function readMarker(
  body: string | null | undefined,
): { model_sha256: string; model_size: number } | undefined {
  const m = MARKER.exec(body ?? '');
  if (!m) return undefined;
  try {
    const value = JSON.parse(m[1]) as { model_sha256?: unknown; model_size?: unknown };
    if (typeof value.model_sha256 === 'string' && typeof value.model_size === 'number') {
      return { model_sha256: value.model_sha256, model_size: value.model_size };
    }
  } catch {
    // Not ours.
  }
  return undefined;
}

/** GitHub caps a release body at 125 000 characters. */
const MAX_BODY = 125_000;

function releaseBody(bundle: VersionBundle): string {
  const tail = `\n\n${marker(bundle.manifest)}\n`;
  const room = MAX_BODY - tail.length - 200;
  const summary =
    bundle.summary.length > room
      ? `${bundle.summary.slice(0, room)}\n\n… (cut to fit GitHub's limit; the whole card is the model-card.md asset)`
      : bundle.summary;
  return `${summary}${tail}`;
}

function assignmentMessage(a: Omit<StageAssignment, 'n' | 'tag' | 'at'>): string {
  return [
    `Assigning stage '${a.stage}' to artifact '${a.name}' version 'v${a.version}'`,
    '',
    `mlgate-kind: ${a.kind}`,
    ...(a.by ? [`mlgate-by: ${a.by}`] : []),
    ...(a.run ? [`mlgate-run: ${a.run}`] : []),
    '',
  ].join('\n');
}

function parseAssignmentMessage(message: string): {
  version?: string;
  kind: StageAssignment['kind'];
  by: string | null;
  run: string | null;
} {
  const version = /version '?v([^'\s]+)'?/.exec(message)?.[1];
  const kind = /^mlgate-kind: rollback$/m.test(message) ? 'rollback' : 'promote';
  return {
    version,
    kind,
    by: /^mlgate-by: (.+)$/m.exec(message)?.[1]?.trim() ?? null,
    run: /^mlgate-run: (.+)$/m.exec(message)?.[1]?.trim() ?? null,
  };
}

export class GitHubRegistryStore implements RegistryStore {
  readonly kind = 'github' as const;
  readonly description: string;

  constructor(
    private readonly client: GitHubClient,
    private readonly repo: Repository,
  ) {
    this.description = `GitHub Releases of ${repo.owner}/${repo.repo}`;
  }

  /** A GitHub failure as users read it: 4xx are theirs to fix (token, permissions), the rest is GitHub's. */
  private fail(error: unknown, what: string, permission: string): unknown {
    if (!isHttpError(error) && !(error instanceof GitHubRateLimitError)) return error;
    const message = describeGitHubError(error, what, {
      permission,
      repository: `${this.repo.owner}/${this.repo.repo}`,
    });
    const status = (error as { status?: number }).status ?? 500;
    if (error instanceof GitHubRateLimitError || status >= 500) {
      return new ServiceUnavailableError(`${message} Nothing was published; rerun the job to resume.`, {
        cause: error,
      });
    }
    return new ConfigurationError(message, { cause: error });
  }

  private async call<T>(what: string, permission: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw this.fail(error, what, permission);
    }
  }

  /** The published release of a tag, or undefined. */
  private async publishedRelease(tag: string): Promise<Release | undefined> {
    try {
      return (await this.client.rest.repos.getReleaseByTag({ ...this.repo, tag })).data;
    } catch (error) {
      if (isHttpError(error) && error.status === 404) return undefined;
      throw this.fail(error, `reading the release ${tag}`, 'contents: read');
    }
  }

  private async allReleases(): Promise<Release[]> {
    return this.call('listing the releases', 'contents: read', () =>
      this.client.paginate(this.client.rest.repos.listReleases, { ...this.repo, per_page: 100 }),
    );
  }

  async listVersions(name: string): Promise<VersionRecord[]> {
    const records: VersionRecord[] = [];
    for (const release of await this.allReleases()) {
      if (release.draft) continue;
      const tag = parseRegistryTag(release.tag_name);
      if (tag?.kind !== 'version' || tag.name !== name) continue;
      const facts = readMarker(release.body);
      if (!facts) continue; // A release with our tag format that mlgate did not record.
      records.push({
        name,
        version: tag.version,
        tag: release.tag_name,
        sha256: facts.model_sha256,
        size_bytes: facts.model_size,
        created_at: release.published_at ?? release.created_at,
        location: release.html_url,
        assets: release.assets.map((a) => ({ name: a.name, size_bytes: a.size })),
      });
    }
    return records.sort((a, b) => compareVersions(a.version, b.version));
  }

  async readManifest(name: string, version: string): Promise<Manifest | undefined> {
    const tag = versionTag(name, version);
    const release = await this.publishedRelease(tag);
    if (!release) return undefined;
    const asset = release.assets.find((a) => a.name === 'manifest.json');
    if (!asset) return undefined;
    const bytes = await this.download(asset, tag);
    try {
      return JSON.parse(bytes.toString('utf8')) as Manifest;
    } catch {
      throw new ConfigurationError(
        `The manifest.json of the release ${tag} is not valid JSON: it was edited by hand?`,
      );
    }
  }

  private async download(asset: Asset, tag: string): Promise<Buffer> {
    const response = await this.call(`downloading ${asset.name} of ${tag}`, 'contents: read', () =>
      this.client.rest.repos.getReleaseAsset({
        ...this.repo,
        asset_id: asset.id,
        headers: { accept: 'application/octet-stream' },
      }),
    );
    const data = response.data as unknown;
    if (data instanceof ArrayBuffer) return Buffer.from(data);
    if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (typeof data === 'string') return Buffer.from(data);
    throw new Error(
      `downloading ${asset.name} of ${tag}: GitHub answered with ${typeof data}, not the bytes`,
    );
  }

  /** An asset's sha256: GitHub's `digest` when it has one (assets since mid 2025), else downloaded and hashed. */
  private async assetSha256(asset: Asset, tag: string): Promise<string> {
    const digest = (asset as { digest?: string | null }).digest;
    if (typeof digest === 'string' && digest.startsWith('sha256:')) return digest.slice('sha256:'.length);
    return createHash('sha256')
      .update(await this.download(asset, tag))
      .digest('hex');
  }

  async publishVersion(bundle: VersionBundle, logger: Logger): Promise<PublishOutcome> {
    const { manifest } = bundle;
    const tag = manifest.tag;
    const published = await this.publishedRelease(tag);
    if (published) return this.sameAsPublished(published, manifest);

    // A draft of an earlier run (drafts have no tag, so they are found by tag_name in the list).
    const drafts = (await this.allReleases()).filter((r) => r.draft && r.tag_name === tag);
    let release: Release;
    const resumed = drafts.length > 0;
    const body = releaseBody(bundle);
    if (resumed) {
      // Our own earlier attempt first (its marker names this model), else a failed run's of another model.
      release = drafts.find((d) => readMarker(d.body)?.model_sha256 === manifest.model.sha256) ?? drafts[0];
      logger.info(`Resuming the draft release ${tag} (id ${release.id}) left by an earlier run.`);
      release = await this.call(
        `updating the draft release ${tag}`,
        'contents: write',
        async () =>
          (await this.client.rest.repos.updateRelease({ ...this.repo, release_id: release.id, body })).data,
      );
    } else {
      release = await this.createDraft(bundle, body, logger);
      logger.info(`Created the draft release ${tag} (id ${release.id}).`);
    }

    await this.syncAssets(release, bundle, logger);
    await this.verifyAssets(release.id, bundle, tag);
    await this.ensureVersionTag(manifest, bundle.commit, logger);

    try {
      await this.client.rest.repos.updateRelease({
        ...this.repo,
        release_id: release.id,
        draft: false,
        make_latest: 'false',
      });
    } catch (error) {
      // Another run published the tag first (one published release per tag): our draft goes, whoever won.
      const winner = await this.publishedRelease(tag);
      if (winner && winner.id !== release.id) {
        await this.client.rest.repos.deleteRelease({ ...this.repo, release_id: release.id }).catch(() => {});
        return this.sameAsPublished(winner, manifest);
      }
      if (!winner) throw this.fail(error, `publishing the release ${tag}`, 'contents: write');
    }
    // Read back what is published: another run may have taken over the draft (same tag) meanwhile.
    await this.checkPublished(bundle);
    await this.removeOtherDrafts(tag, release.id);
    logger.info(`Published the release ${tag} with ${bundle.assets.length} verified assets.`);
    return resumed ? 'resumed' : 'created';
  }

  /**
   * Creates the draft without octokit's blind retry: a POST whose answer was lost may have created it, and
   * a second POST would leave a duplicate draft. After a 5xx or a reset, look for ours first.
   */
  private async createDraft(bundle: VersionBundle, body: string, logger: Logger): Promise<Release> {
    const { manifest } = bundle;
    const tag = manifest.tag;
    for (let attempt = 1; ; attempt++) {
      try {
        return (
          await this.client.rest.repos.createRelease({
            ...this.repo,
            tag_name: tag,
            ...(bundle.commit ? { target_commitish: bundle.commit } : {}),
            name: `${manifest.name} v${manifest.version}`,
            body,
            draft: true,
            // A model version must not become the repository's "Latest release" (its app's downloads).
            make_latest: 'false',
            request: { retries: 0 },
          })
        ).data;
      } catch (error) {
        const status = isHttpError(error) ? error.status : 500;
        if (status < 500 || attempt >= 3) {
          throw this.fail(error, `creating the draft release ${tag}`, 'contents: write');
        }
        const made = (await this.allReleases()).find(
          (r) => r.draft && r.tag_name === tag && readMarker(r.body)?.model_sha256 === manifest.model.sha256,
        );
        if (made) {
          logger.info(
            `The draft release ${tag} was created although GitHub's answer was lost (id ${made.id}).`,
          );
          return made;
        }
        await new Promise((r) => setTimeout(r, 200 * attempt * attempt));
      }
    }
  }

  /** Other drafts under a published version's tag can never be published: remove them. */
  private async removeOtherDrafts(tag: string, keep: number): Promise<void> {
    for (const r of await this.allReleases()) {
      if (r.draft && r.tag_name === tag && r.id !== keep) {
        await this.client.rest.repos.deleteRelease({ ...this.repo, release_id: r.id }).catch(() => {});
      }
    }
  }

  /** The published release holds this bundle: its marker names our model and every asset has our digest. */
  private async checkPublished(bundle: VersionBundle): Promise<void> {
    const tag = bundle.manifest.tag;
    const release = await this.publishedRelease(tag);
    const facts = readMarker(release?.body);
    const theirs = (why: string) =>
      new ConfigurationError(
        `${tag} was published, but ${why}: another run recorded another model under the same version at the ` +
          'same time. Versions are immutable: record this model under a new version.',
      );
    if (!release || !facts) throw theirs('it cannot be read back');
    if (facts.model_sha256 !== bundle.manifest.model.sha256) {
      throw theirs(`it holds the model ${facts.model_sha256}, not ${bundle.manifest.model.sha256}`);
    }
    for (const file of bundle.assets) {
      const asset = release.assets.find((a) => a.name === file.name);
      if (!asset || asset.size !== file.size_bytes || (await this.assetSha256(asset, tag)) !== file.sha256) {
        if (file.name === 'model.onnx') throw theirs(`its ${file.name} is not this model`);
      }
    }
  }

  private sameAsPublished(release: Release, manifest: Manifest): PublishOutcome {
    const facts = readMarker(release.body);
    if (!facts) {
      throw new ConfigurationError(
        `The release ${manifest.tag} exists in ${this.description} but was not recorded by mlgate (its body has no ` +
          'mlgate marker); versions are immutable: record this model under another version.',
      );
    }
    return sameModelOrRefuse(
      { ...manifest, model: { ...manifest.model, sha256: facts.model_sha256 } },
      manifest,
      this.description,
    );
  }

  private async listAssets(releaseId: number, tag: string): Promise<Asset[]> {
    return this.call(`listing the assets of ${tag}`, 'contents: write', () =>
      this.client.paginate(this.client.rest.repos.listReleaseAssets, {
        ...this.repo,
        release_id: releaseId,
        per_page: 100,
      }),
    );
  }

  /** Makes the draft hold exactly the bundle's files: kept when identical, replaced otherwise. */
  private async syncAssets(release: Release, bundle: VersionBundle, logger: Logger): Promise<void> {
    const tag = bundle.manifest.tag;
    const current = await this.listAssets(release.id, tag);
    const wanted = new Set<string>(bundle.assets.map((a) => a.name));
    for (const asset of current) {
      if (!wanted.has(asset.name)) await this.deleteAsset(asset, tag);
    }
    for (const file of bundle.assets) {
      const existing = current.find((a) => a.name === file.name);
      if (existing) {
        if (
          existing.state === 'uploaded' &&
          existing.size === file.size_bytes &&
          (await this.assetSha256(existing, tag)) === file.sha256
        ) {
          logger.debug(`${tag}: ${file.name} is already uploaded.`);
          continue;
        }
        await this.deleteAsset(existing, tag);
      }
      await this.upload(release, file, tag, logger);
    }
  }

  private async deleteAsset(asset: Asset, tag: string): Promise<void> {
    await this.call(`deleting the stale asset ${asset.name} of the draft ${tag}`, 'contents: write', () =>
      this.client.rest.repos.deleteReleaseAsset({ ...this.repo, asset_id: asset.id }),
    );
  }

  private async upload(release: Release, file: VersionBundle['assets'][number], tag: string, logger: Logger) {
    const data = await readFile(file.path);
    const send = () =>
      this.client.rest.repos.uploadReleaseAsset({
        ...this.repo,
        release_id: release.id,
        name: file.name,
        // octokit's types say string; a Buffer is sent as the raw bytes.
        data: data as unknown as string,
        baseUrl: releaseUploadBaseUrl(release.upload_url),
        headers: {
          'content-type': file.name.endsWith('.json')
            ? 'application/json'
            : file.name.endsWith('.md')
              ? 'text/markdown'
              : 'application/octet-stream',
          'content-length': data.length,
        },
      });
    try {
      await send();
    } catch (error) {
      // The upload may have arrived before the connection broke: GitHub then has the name already.
      if (isHttpError(error) && error.status === 422) {
        const again = (await this.listAssets(release.id, tag)).find((a) => a.name === file.name);
        if (again) {
          if (again.size === file.size_bytes && (await this.assetSha256(again, tag)) === file.sha256) return;
          await this.deleteAsset(again, tag);
          await this.call(`uploading ${file.name} to the draft ${tag}`, 'contents: write', send);
          return;
        }
      }
      throw this.fail(error, `uploading ${file.name} to the draft ${tag}`, 'contents: write');
    }
    logger.info(`${tag}: uploaded ${file.name} (${data.length} bytes).`);
  }

  /** Every asset there, complete, with its sha256: only then may the release be published. */
  private async verifyAssets(releaseId: number, bundle: VersionBundle, tag: string): Promise<void> {
    const assets = await this.listAssets(releaseId, tag);
    for (const file of bundle.assets) {
      const asset = assets.find((a) => a.name === file.name);
      const problem = !asset
        ? 'is missing'
        : asset.state !== 'uploaded'
          ? `is ${asset.state}`
          : asset.size !== file.size_bytes
            ? `has ${asset.size} bytes, expected ${file.size_bytes}`
            : (await this.assetSha256(asset, tag)) !== file.sha256
              ? 'has another sha256'
              : undefined;
      if (problem) {
        throw new ServiceUnavailableError(
          `${tag}: the uploaded ${file.name} ${problem}; the release stays a draft (unpublished). Rerun the job to resume.`,
        );
      }
    }
  }

  private async peel(sha: string, type: string): Promise<string> {
    if (type !== 'tag') return sha;
    const tag = await this.call('reading a tag object', 'contents: read', () =>
      this.client.rest.git.getTag({ ...this.repo, tag_sha: sha }),
    );
    return this.peel(tag.data.object.sha, tag.data.object.type);
  }

  private async getRef(ref: string): Promise<{ sha: string; type: string } | undefined> {
    try {
      const { data } = await this.client.rest.git.getRef({ ...this.repo, ref });
      return { sha: data.object.sha, type: data.object.type };
    } catch (error) {
      if (isHttpError(error) && error.status === 404) return undefined;
      throw this.fail(error, `reading ${ref}`, 'contents: read');
    }
  }

  private async defaultBranchHead(): Promise<string> {
    const repo = await this.call('reading the repository', 'contents: read', () =>
      this.client.rest.repos.get({ ...this.repo }),
    );
    const ref = await this.getRef(`heads/${repo.data.default_branch}`);
    if (!ref)
      throw new ConfigurationError(`${this.repo.owner}/${this.repo.repo} has no default branch to tag.`);
    return ref.sha;
  }

  /** The version's annotated tag (GTO reads annotated tags), made before publishing so the release uses it. */
  private async ensureVersionTag(manifest: Manifest, commit: string | null, logger: Logger): Promise<void> {
    const ref = `tags/${manifest.tag}`;
    const existing = await this.getRef(ref);
    if (existing) {
      const recordedFor =
        existing.type === 'tag'
          ? /^mlgate-model-sha256: ([0-9a-f]{64})$/m.exec(
              (
                await this.call(`reading the tag ${manifest.tag}`, 'contents: read', () =>
                  this.client.rest.git.getTag({ ...this.repo, tag_sha: existing.sha }),
                )
              ).data.message,
            )?.[1]
          : undefined;
      if (recordedFor !== undefined && recordedFor !== manifest.model.sha256) {
        // mlgate made this tag for another model in a run that failed before publishing (no published
        // release holds the tag): it names the wrong commit and model, so it is made again.
        logger.info(
          `Replacing the tag ${manifest.tag} a failed run left for another model (${recordedFor}).`,
        );
        await this.call(`removing the stale tag ${manifest.tag}`, 'contents: write', () =>
          this.client.rest.git.deleteRef({ ...this.repo, ref }),
        );
      } else {
        const at = await this.peel(existing.sha, existing.type);
        if (commit && at !== commit) {
          logger.warning(
            `The tag ${manifest.tag} already exists on commit ${at}, not ${commit}: the release uses the existing tag.`,
          );
        }
        return;
      }
    }
    const target = commit ?? (await this.defaultBranchHead());
    const tagObject = await this.call(`creating the tag ${manifest.tag}`, 'contents: write', () =>
      this.client.rest.git.createTag({
        ...this.repo,
        tag: manifest.tag,
        message: `Registering artifact '${manifest.name}' version 'v${manifest.version}'\n\nmlgate-model-sha256: ${manifest.model.sha256}\n`,
        object: target,
        type: 'commit',
      }),
    );
    await this.createRef(ref, tagObject.data.sha, manifest.tag);
  }

  /** Creates a ref; true when it was created (or already pointed at `sha`: a retry after a lost answer). */
  private async createRef(ref: string, sha: string, what: string): Promise<boolean> {
    try {
      await this.client.rest.git.createRef({ ...this.repo, ref: `refs/${ref}`, sha });
      return true;
    } catch (error) {
      if (isHttpError(error) && error.status === 422) {
        const now = await this.getRef(ref);
        if (now?.sha === sha) return true;
        if (now) return false;
      }
      throw this.fail(error, `creating the tag ${what}`, 'contents: write');
    }
  }

  async downloadAsset(
    name: string,
    version: string,
    asset: AssetName,
    destination: string,
    sha256: string,
  ): Promise<void> {
    const tag = versionTag(name, version);
    const release = await this.publishedRelease(tag);
    if (!release) throw new ConfigurationError(`${tag} is not a published release in ${this.description}.`);
    const found = release.assets.find((a) => a.name === asset);
    if (!found) throw new ConfigurationError(`${tag} has no ${asset} asset in ${this.description}.`);
    const bytes = await this.download(found, tag);
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== sha256) {
      throw new ConfigurationError(
        `${asset} of ${tag} downloaded with sha256 ${actual}, but the manifest records ${sha256}: the asset was replaced after it was recorded.`,
      );
    }
    await mkdir(dirname(destination), { recursive: true });
    const tmp = `${destination}.${randomBytes(4).toString('hex')}.part`;
    try {
      await writeFile(tmp, bytes);
      await rename(tmp, destination);
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async listAssignments(name: string): Promise<StageAssignment[]> {
    const refs = await this.call(
      `listing the stage tags of ${name}`,
      'contents: read',
      async () =>
        // Not paginated: GitHub answers every matching ref at once (the operation takes no per_page).
        (await this.client.rest.git.listMatchingRefs({ ...this.repo, ref: `tags/${name}#` })).data,
    );
    const assignments: StageAssignment[] = [];
    let commitVersions: Map<string, string[]> | undefined;
    for (const ref of refs) {
      const tagName = ref.ref.slice('refs/tags/'.length);
      const parsed = parseRegistryTag(tagName);
      if (parsed?.kind !== 'stage' || parsed.name !== name) continue;
      let facts: ReturnType<typeof parseAssignmentMessage> = { kind: 'promote', by: null, run: null };
      let at = '';
      let commit = ref.object.sha;
      if (ref.object.type === 'tag') {
        const tag = await this.call(`reading the tag ${tagName}`, 'contents: read', () =>
          this.client.rest.git.getTag({ ...this.repo, tag_sha: ref.object.sha }),
        );
        facts = parseAssignmentMessage(tag.data.message);
        at = tag.data.tagger.date;
        commit = tag.data.object.sha;
      }
      let version = facts.version;
      if (!version) {
        // GTO reads a stage tag's version from its commit: the version tag on the same commit.
        commitVersions ??= await this.versionsByCommit(name);
        version = commitVersions.get(commit)?.sort(compareVersions).at(-1);
      }
      if (!version) continue;
      assignments.push({
        name,
        stage: parsed.stage,
        version,
        n: parsed.n,
        kind: facts.kind,
        at,
        by: facts.by,
        run: facts.run,
        tag: tagName,
      });
    }
    // By stage, then by counter: a total order (a lightweight tag has no date to order by).
    return assignments.sort((a, b) => (a.stage === b.stage ? a.n - b.n : a.stage < b.stage ? -1 : 1));
  }

  private async versionsByCommit(name: string): Promise<Map<string, string[]>> {
    const refs = await this.call(
      `listing the version tags of ${name}`,
      'contents: read',
      async () => (await this.client.rest.git.listMatchingRefs({ ...this.repo, ref: `tags/${name}@v` })).data,
    );
    const map = new Map<string, string[]>();
    for (const ref of refs) {
      const parsed = parseRegistryTag(ref.ref.slice('refs/tags/'.length));
      if (parsed?.kind !== 'version' || parsed.name !== name) continue;
      const commit = await this.peel(ref.object.sha, ref.object.type);
      map.set(commit, [...(map.get(commit) ?? []), parsed.version]);
    }
    return map;
  }

  async assignStage(
    assignment: Omit<StageAssignment, 'n' | 'tag' | 'at'> & { at?: string },
    logger: Logger,
  ): Promise<StageAssignment> {
    const { name, stage, version } = assignment;
    const vtag = versionTag(name, version);
    const versionRef = await this.getRef(`tags/${vtag}`);
    if (!versionRef)
      throw new ConfigurationError(`${vtag} has no tag in ${this.description}; record it first.`);
    const commit = await this.peel(versionRef.sha, versionRef.type);
    let n =
      (await this.listAssignments(name))
        .filter((a) => a.stage === stage)
        .reduce((max, a) => Math.max(max, a.n), 0) + 1;
    for (let attempt = 0; attempt < 5; attempt++, n++) {
      const tagName = stageTag(name, stage, n);
      const tagObject = await this.call(`creating the tag ${tagName}`, 'contents: write', () =>
        this.client.rest.git.createTag({
          ...this.repo,
          tag: tagName,
          message: assignmentMessage(assignment),
          object: commit,
          type: 'commit',
        }),
      );
      // false: another run took this n first; try the next one.
      if (await this.createRef(`tags/${tagName}`, tagObject.data.sha, tagName)) {
        logger.debug(`Created ${tagName} on ${commit}.`);
        return {
          name,
          stage,
          version,
          n,
          kind: assignment.kind,
          at: tagObject.data.tagger.date,
          by: assignment.by,
          run: assignment.run,
          tag: tagName,
        };
      }
    }
    throw new ServiceUnavailableError(
      `Could not record ${name} ${stage} → ${version}: five other assignments were recorded at the same time. Rerun the job.`,
    );
  }
}
