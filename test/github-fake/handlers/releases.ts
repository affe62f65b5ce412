/**
 * Releases and their assets. GitHub's behaviours mirrored here:
 * - a draft has no git tag; publishing creates `refs/tags/<tag_name>` from `target_commitish` (default:
 *   the default branch) when the tag does not exist ("Unused if the Git tag already exists");
 * - get-release-by-tag serves published releases only ("Get a published release with the specified tag";
 *   drafts 404, https://github.com/github/developer.github.com/pull/784);
 * - drafts are listed only for tokens with push access (contents: write);
 * - asset names are unique per release (422 ReleaseAsset already_exists);
 * - get-release-asset with `accept: application/octet-stream` answers 302 to the bytes.
 */
import {
  newestFirst,
  notFound,
  paginate,
  resolveCommitish,
  unprocessable,
  validationFailed,
  type Handler,
  type HandlerContext,
} from '../context.js';
import { assetDownloadPath, assetShape, releaseShape } from '../shapes.js';
import type { AssetState, ReleaseState, RepoState } from '../state.js';

interface ReleaseBody {
  tag_name?: string;
  target_commitish?: string;
  name?: string;
  body?: string;
  draft?: boolean;
  prerelease?: boolean;
}

const canPush = (ctx: HandlerContext) => !ctx.permissions || ctx.permissions.contents === 'write';

/** git check-ref-format's rules for a tag name, the ones a model name could break. */
export function isValidTagName(name: string): boolean {
  if (name === '' || name === '@' || name.startsWith('-') || name.endsWith('/') || name.endsWith('.'))
    return false;
  if (name.endsWith('.lock') || name.includes('..') || name.includes('@{') || name.includes('//'))
    return false;
  if ([...name].some((c) => c.charCodeAt(0) <= 0x20 || c.charCodeAt(0) === 0x7f)) return false;
  if (/[~^:?*[\\]/.test(name)) return false;
  return name.split('/').every((part) => part !== '' && !part.startsWith('.'));
}

function findRelease(ctx: HandlerContext, id: unknown): ReleaseState {
  const release = ctx.repo.releases.find((r) => r.id === id);
  if (!release || (release.draft && !canPush(ctx))) throw notFound(ctx);
  return release;
}

const json = (ctx: HandlerContext, release: ReleaseState) => releaseShape(ctx.urls, ctx.repo, release);

function checkTagName(ctx: HandlerContext, tag: string, except?: ReleaseState): void {
  if (!isValidTagName(tag)) {
    throw validationFailed(ctx, [
      { resource: 'Release', code: 'custom', field: 'tag_name', message: 'tag_name is not a valid tag' },
    ]);
  }
  // Drafts may share a tag name; a published release owns its tag.
  if (ctx.repo.releases.some((r) => r !== except && !r.draft && r.tagName === tag)) {
    throw validationFailed(ctx, [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }]);
  }
}

/** Publishing needs the tag: created from target_commitish when it does not exist yet. */
function ensureTag(ctx: HandlerContext, repo: RepoState, release: ReleaseState): void {
  const name = `refs/tags/${release.tagName}`;
  if (repo.refs.has(name)) return;
  const sha = resolveCommitish(repo, release.targetCommitish);
  if (!sha) {
    throw validationFailed(ctx, [{ resource: 'Release', code: 'invalid', field: 'target_commitish' }]);
  }
  repo.refs.set(name, { ref: name, sha, type: 'commit' });
}

const create: Handler = (ctx) => {
  const body = ctx.body as ReleaseBody & { tag_name: string };
  const draft = body.draft ?? false;
  checkTagName(ctx, body.tag_name);
  const now = ctx.world.now();
  const release: ReleaseState = {
    id: ctx.world.nextId(),
    tagName: body.tag_name,
    targetCommitish: body.target_commitish ?? ctx.repo.defaultBranch,
    name: body.name ?? null,
    body: body.body ?? null,
    draft,
    prerelease: body.prerelease ?? false,
    createdAt: now,
    publishedAt: draft ? null : now,
    updatedAt: now,
    author: ctx.actor,
    assets: [],
    untaggedId: ctx.world.sha().slice(0, 20),
  };
  if (!draft) ensureTag(ctx, ctx.repo, release);
  ctx.repo.releases.push(release);
  return { status: 201, body: json(ctx, release) };
};

const update: Handler = (ctx) => {
  const release = findRelease(ctx, ctx.params.release_id);
  const body = ctx.body as ReleaseBody;
  if (body.tag_name !== undefined && body.tag_name !== release.tagName)
    checkTagName(ctx, body.tag_name, release);
  const draft = body.draft ?? release.draft;
  const next = {
    ...release,
    tagName: body.tag_name ?? release.tagName,
    targetCommitish: body.target_commitish ?? release.targetCommitish,
  };
  if (!draft) {
    checkTagName(ctx, next.tagName, release);
    ensureTag(ctx, ctx.repo, next);
  }
  const now = ctx.world.now();
  release.tagName = next.tagName;
  release.targetCommitish = next.targetCommitish;
  if (body.name !== undefined) release.name = body.name;
  if (body.body !== undefined) release.body = body.body;
  if (body.prerelease !== undefined) release.prerelease = body.prerelease;
  if (release.draft && !draft) release.publishedAt = now;
  if (!release.draft && draft) release.publishedAt = null;
  release.draft = draft;
  release.updatedAt = now;
  return { status: 200, body: json(ctx, release) };
};

const remove: Handler = (ctx) => {
  const release = findRelease(ctx, ctx.params.release_id);
  // The tag stays, as on GitHub.
  ctx.repo.releases.splice(ctx.repo.releases.indexOf(release), 1);
  return { status: 204 };
};

const get: Handler = (ctx) => ({ status: 200, body: json(ctx, findRelease(ctx, ctx.params.release_id)) });

const getByTag: Handler = (ctx) => {
  const release = ctx.repo.releases.find((r) => !r.draft && r.tagName === ctx.params.tag);
  if (!release) throw notFound(ctx);
  return { status: 200, body: json(ctx, release) };
};

const list: Handler = (ctx) =>
  paginate(
    ctx,
    newestFirst(ctx.repo.releases.filter((r) => !r.draft || canPush(ctx))).map((r) => json(ctx, r)),
  );

const listAssets: Handler = (ctx) => {
  const release = findRelease(ctx, ctx.params.release_id);
  return paginate(
    ctx,
    release.assets.map((a) => assetShape(ctx.urls, ctx.repo, release, a)),
  );
};

const upload: Handler = (ctx) => {
  const release = findRelease(ctx, ctx.params.release_id);
  const name = String(ctx.query.name);
  const contentType = ctx.headers['content-type'];
  if (!contentType) throw unprocessable(ctx, 'Bad Content-Type header value');
  if (release.assets.some((a) => a.name === name)) {
    throw validationFailed(ctx, [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }]);
  }
  const now = ctx.world.now();
  const asset: AssetState = {
    id: ctx.world.nextId(),
    name,
    label: (ctx.query.label as string | undefined) || null,
    contentType,
    data: Buffer.from(ctx.body as Buffer),
    state: 'uploaded',
    createdAt: now,
    updatedAt: now,
    uploader: ctx.actor,
    downloadCount: 0,
  };
  release.assets.push(asset);
  return { status: 201, body: assetShape(ctx.urls, ctx.repo, release, asset) };
};

function findAsset(ctx: HandlerContext): { release: ReleaseState; asset: AssetState } {
  for (const release of ctx.repo.releases) {
    const asset = release.assets.find((a) => a.id === ctx.params.asset_id);
    if (asset && (!release.draft || canPush(ctx))) return { release, asset };
  }
  throw notFound(ctx);
}

const getAsset: Handler = (ctx) => {
  const { release, asset } = findAsset(ctx);
  if (String(ctx.headers.accept ?? '').includes('application/octet-stream')) {
    return { status: 302, headers: { location: `${ctx.urls.api}${assetDownloadPath(ctx.repo, asset)}` } };
  }
  return { status: 200, body: assetShape(ctx.urls, ctx.repo, release, asset) };
};

const deleteAsset: Handler = (ctx) => {
  const { release, asset } = findAsset(ctx);
  release.assets.splice(release.assets.indexOf(asset), 1);
  return { status: 204 };
};

export const releaseHandlers: Record<string, Handler> = {
  'repos/create-release': create,
  'repos/update-release': update,
  'repos/delete-release': remove,
  'repos/get-release': get,
  'repos/get-release-by-tag': getByTag,
  'repos/list-releases': list,
  'repos/list-release-assets': listAssets,
  'repos/upload-release-asset': upload,
  'repos/get-release-asset': getAsset,
  'repos/delete-release-asset': deleteAsset,
};

/** The bytes behind the 302 and behind browser_download_url (no token needed, as on GitHub's CDN). */
export function findAssetForDownload(
  repo: RepoState,
  match: { assetId?: number; tag?: string; name: string },
): AssetState | undefined {
  for (const release of repo.releases) {
    const tag = release.draft ? `untagged-${release.untaggedId}` : release.tagName;
    if (match.tag !== undefined && match.tag !== tag) continue;
    const asset = release.assets.find((a) =>
      match.assetId !== undefined ? a.id === match.assetId : a.name === match.name,
    );
    if (asset) return asset;
  }
  return undefined;
}
