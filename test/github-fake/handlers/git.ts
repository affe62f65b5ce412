/** Git references and annotated tag objects (GTO writes its stage tags this way), and the tag list. */
import { isSha, notFound, paginate, unprocessable, type Handler, type HandlerContext } from '../context.js';
import { refShape, tagObjectShape, tagShape } from '../shapes.js';
import type { RefState, TagObjectState } from '../state.js';

/** What a sha names: a known annotated tag object, else (any 40-hex) a commit. */
function objectType(ctx: HandlerContext, sha: string): RefState['type'] | undefined {
  if (ctx.repo.tagObjects.has(sha)) return 'tag';
  return isSha(sha) ? 'commit' : undefined;
}

const getRef: Handler = (ctx) => {
  const ref = ctx.repo.refs.get(`refs/${String(ctx.params.ref)}`);
  if (!ref) throw notFound(ctx);
  return { status: 200, body: refShape(ctx.urls, ctx.repo, ref) };
};

const listMatching: Handler = (ctx) => {
  const prefix = `refs/${String(ctx.params.ref)}`;
  const refs = [...ctx.repo.refs.values()]
    .filter((r) => r.ref.startsWith(prefix))
    .sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  return { status: 200, body: refs.map((r) => refShape(ctx.urls, ctx.repo, r)) };
};

const createRef: Handler = (ctx) => {
  const { ref, sha } = ctx.body as { ref: string; sha: string };
  if (!ref.startsWith('refs/') || ref.split('/').length < 3) {
    throw unprocessable(ctx, `${ref} is not a valid ref name.`);
  }
  if (ctx.repo.refs.has(ref)) throw unprocessable(ctx, 'Reference already exists');
  const type = objectType(ctx, sha);
  if (!type) throw unprocessable(ctx, 'Object does not exist');
  const state: RefState = { ref, sha, type };
  ctx.repo.refs.set(ref, state);
  return { status: 201, body: refShape(ctx.urls, ctx.repo, state) };
};

/** No commit graph in the fake: every update is taken as a fast-forward (`force` is not checked). */
const updateRef: Handler = (ctx) => {
  const name = `refs/${String(ctx.params.ref)}`;
  const ref = ctx.repo.refs.get(name);
  if (!ref) throw unprocessable(ctx, 'Reference does not exist');
  const { sha } = ctx.body as { sha: string };
  const type = objectType(ctx, sha);
  if (!type) throw unprocessable(ctx, 'Object does not exist');
  ref.sha = sha;
  ref.type = type;
  return { status: 200, body: refShape(ctx.urls, ctx.repo, ref) };
};

const deleteRef: Handler = (ctx) => {
  const name = `refs/${String(ctx.params.ref)}`;
  if (!ctx.repo.refs.delete(name)) throw unprocessable(ctx, 'Reference does not exist');
  return { status: 204 };
};

const createTag: Handler = (ctx) => {
  const body = ctx.body as {
    tag: string;
    message: string;
    object: string;
    type: string;
    tagger?: { name: string; email: string; date?: string };
  };
  if (!isSha(body.object)) throw unprocessable(ctx, 'Object does not exist');
  const tag: TagObjectState = {
    sha: ctx.world.sha(),
    tag: body.tag,
    message: body.message,
    object: { sha: body.object, type: body.type },
    tagger: {
      name: body.tagger?.name ?? ctx.actor.login,
      email: body.tagger?.email ?? `${ctx.actor.id}+${ctx.actor.login}@users.noreply.github.com`,
      date: body.tagger?.date ?? ctx.world.now(),
    },
  };
  ctx.repo.tagObjects.set(tag.sha, tag);
  return { status: 201, body: tagObjectShape(ctx.urls, ctx.repo, tag) };
};

const getTag: Handler = (ctx) => {
  const tag = ctx.repo.tagObjects.get(String(ctx.params.tag_sha));
  if (!tag) throw notFound(ctx);
  return { status: 200, body: tagObjectShape(ctx.urls, ctx.repo, tag) };
};

/** Every tag ref with the commit it names (annotated tags peeled), by name descending. */
const listTags: Handler = (ctx) => {
  const tags = [...ctx.repo.refs.values()]
    .filter((r) => r.ref.startsWith('refs/tags/'))
    .map((r) => ({
      name: r.ref.slice('refs/tags/'.length),
      sha: r.type === 'tag' ? (ctx.repo.tagObjects.get(r.sha)?.object.sha ?? r.sha) : r.sha,
    }))
    .sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
  return paginate(
    ctx,
    tags.map((t) => tagShape(ctx.urls, ctx.repo, t.name, t.sha)),
  );
};

export const gitHandlers: Record<string, Handler> = {
  'git/get-ref': getRef,
  'git/list-matching-refs': listMatching,
  'git/create-ref': createRef,
  'git/update-ref': updateRef,
  'git/delete-ref': deleteRef,
  'git/create-tag': createTag,
  'git/get-tag': getTag,
  'repos/list-tags': listTags,
};
