/**
 * The fake's state rendered as GitHub's response objects, field for field what the description's schemas
 * require (test/github-fake/github-fake.test.ts validates every one against the subset).
 */
import { createHash } from 'node:crypto';
import type {
  AssetState,
  CheckRunState,
  CommentState,
  DeploymentState,
  DeploymentStatusState,
  FakeUser,
  IssueEventState,
  IssueState,
  LabelState,
  RefState,
  ReleaseState,
  RepoState,
  TagObjectState,
} from './state.js';

export interface Urls {
  /** The fake's base URL: the API, the upload host and asset downloads. */
  api: string;
  /** Web pages (html_url); not served. */
  web: string;
}

const nodeId = (prefix: string, id: number) => `${prefix}_${Buffer.from(`fake:${id}`).toString('base64url')}`;

export function userShape(urls: Urls, user: FakeUser) {
  const api = `${urls.api}/users/${encodeURIComponent(user.login)}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId(user.type === 'Bot' ? 'BOT' : 'U', user.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: `${urls.web}/${encodeURIComponent(user.login)}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: user.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

export const repoApiUrl = (urls: Urls, repo: RepoState) => `${urls.api}/repos/${repo.fullName}`;

/** The `repository` schema (also the base of `full-repository`). */
export function repositoryShape(urls: Urls, repo: RepoState, owner: FakeUser) {
  const api = repoApiUrl(urls, repo);
  const created = '2024-01-01T00:00:00Z';
  return {
    id: repo.id,
    node_id: nodeId('R', repo.id),
    name: repo.name,
    full_name: repo.fullName,
    owner: userShape(urls, owner),
    private: repo.private,
    html_url: `${urls.web}/${repo.fullName}`,
    description: null,
    fork: false,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: `git://github.com/${repo.fullName}.git`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    ssh_url: `git@github.com:${repo.fullName}.git`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    clone_url: `${urls.web}/${repo.fullName}.git`,
    mirror_url: null,
    hooks_url: `${api}/hooks`,
    svn_url: `${urls.web}/${repo.fullName}`,
    homepage: null,
    language: 'TypeScript',
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    size: 1,
    default_branch: repo.defaultBranch,
    open_issues: repo.issues.filter((i) => i.state === 'open').length,
    open_issues_count: repo.issues.filter((i) => i.state === 'open').length,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: repo.visibility,
    license: null,
    pushed_at: created,
    created_at: created,
    updated_at: created,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
  };
}

export function fullRepositoryShape(urls: Urls, repo: RepoState, owner: FakeUser) {
  return {
    ...repositoryShape(urls, repo, owner),
    network_count: 0,
    subscribers_count: 0,
    allow_rebase_merge: true,
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
    allow_forking: true,
    web_commit_signoff_required: false,
    temp_clone_token: null,
    security_and_analysis: null,
  };
}

export function labelShape(urls: Urls, repo: RepoState, label: LabelState) {
  return {
    id: label.id,
    node_id: nodeId('LA', label.id),
    url: `${repoApiUrl(urls, repo)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    description: label.description,
    color: label.color,
    default: false,
  };
}

const reactions = (url: string) => ({
  url: `${url}/reactions`,
  total_count: 0,
  '+1': 0,
  '-1': 0,
  laugh: 0,
  confused: 0,
  heart: 0,
  hooray: 0,
  eyes: 0,
  rocket: 0,
});

export function issueShape(urls: Urls, repo: RepoState, issue: IssueState) {
  const api = repoApiUrl(urls, repo);
  const url = `${api}/issues/${issue.number}`;
  const kind = issue.pullRequest ? 'pull' : 'issues';
  const shape: Record<string, unknown> = {
    id: issue.id,
    node_id: nodeId(issue.pullRequest ? 'PR' : 'I', issue.id),
    url,
    repository_url: api,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${urls.web}/${repo.fullName}/${kind}/${issue.number}`,
    number: issue.number,
    state: issue.state,
    state_reason: issue.stateReason,
    title: issue.title,
    body: issue.body,
    user: userShape(urls, issue.user),
    labels: issue.labels.map((name) => labelShape(urls, repo, findLabel(repo, name))),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: repo.comments.filter((c) => c.issueNumber === issue.number).length,
    closed_at: issue.closedAt,
    closed_by: issue.closedBy ? userShape(urls, issue.closedBy) : null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    author_association: 'MEMBER',
    timeline_url: `${url}/timeline`,
    reactions: reactions(url),
  };
  if (issue.pullRequest) {
    shape.draft = issue.pullRequest.draft;
    shape.pull_request = {
      url: `${api}/pulls/${issue.number}`,
      html_url: `${urls.web}/${repo.fullName}/pull/${issue.number}`,
      diff_url: `${urls.web}/${repo.fullName}/pull/${issue.number}.diff`,
      patch_url: `${urls.web}/${repo.fullName}/pull/${issue.number}.patch`,
      merged_at: null,
    };
  }
  return shape;
}

export function findLabel(repo: RepoState, name: string): LabelState {
  const label = repo.labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
  if (!label) throw new Error(`fake: label ${name} missing from ${repo.fullName}`);
  return label;
}

export function pullRequestShape(urls: Urls, repo: RepoState, issue: IssueState, owner: FakeUser) {
  const pr = issue.pullRequest!;
  const api = repoApiUrl(urls, repo);
  const url = `${api}/pulls/${issue.number}`;
  const html = `${urls.web}/${repo.fullName}/pull/${issue.number}`;
  const link = (href: string) => ({ href });
  const side = (ref: string, sha: string) => ({
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    repo: repositoryShape(urls, repo, owner),
    user: userShape(urls, owner),
  });
  return {
    url,
    id: pr.id,
    node_id: nodeId('PR', pr.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${issue.number}`,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${issue.number}/comments`,
    statuses_url: `${api}/statuses/${pr.headSha}`,
    number: issue.number,
    state: issue.state,
    locked: false,
    title: issue.title,
    user: userShape(urls, issue.user),
    body: issue.body,
    labels: issue.labels.map((name) => labelShape(urls, repo, findLabel(repo, name))),
    milestone: null,
    active_lock_reason: null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(pr.headRef, pr.headSha),
    base: side(pr.baseRef, pr.baseSha),
    _links: {
      self: link(url),
      html: link(html),
      issue: link(`${api}/issues/${issue.number}`),
      comments: link(`${api}/issues/${issue.number}/comments`),
      review_comments: link(`${url}/comments`),
      review_comment: link(`${api}/pulls/comments{/number}`),
      commits: link(`${url}/commits`),
      statuses: link(`${api}/statuses/${pr.headSha}`),
    },
    author_association: 'MEMBER',
    auto_merge: null,
    draft: pr.draft,
    merged: false,
    mergeable: true,
    rebaseable: true,
    mergeable_state: 'clean',
    merged_by: null,
    comments: repo.comments.filter((c) => c.issueNumber === issue.number).length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 0,
    deletions: 0,
    changed_files: 0,
  };
}

export function commentShape(urls: Urls, repo: RepoState, comment: CommentState) {
  const api = repoApiUrl(urls, repo);
  const issue = repo.issues.find((i) => i.number === comment.issueNumber);
  const kind = issue?.pullRequest ? 'pull' : 'issues';
  const url = `${api}/issues/comments/${comment.id}`;
  return {
    id: comment.id,
    node_id: nodeId('IC', comment.id),
    url,
    html_url: `${urls.web}/${repo.fullName}/${kind}/${comment.issueNumber}#issuecomment-${comment.id}`,
    body: comment.body,
    user: userShape(urls, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${api}/issues/${comment.issueNumber}`,
    author_association: 'MEMBER',
    performed_via_github_app: null,
    reactions: reactions(url),
  };
}

export function issueEventShape(urls: Urls, repo: RepoState, event: IssueEventState) {
  const shape: Record<string, unknown> = {
    id: event.id,
    node_id: nodeId('LE', event.id),
    url: `${repoApiUrl(urls, repo)}/issues/events/${event.id}`,
    actor: userShape(urls, event.actor),
    event: event.event,
    commit_id: null,
    commit_url: null,
    created_at: event.createdAt,
    performed_via_github_app: null,
  };
  if (event.label) shape.label = event.label;
  if (event.event === 'closed') shape.state_reason = 'completed';
  return shape;
}

export function checkRunShape(urls: Urls, repo: RepoState, run: CheckRunState) {
  const url = `${repoApiUrl(urls, repo)}/check-runs/${run.id}`;
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: nodeId('CR', run.id),
    external_id: run.externalId,
    url,
    html_url: `${urls.web}/${repo.fullName}/runs/${run.id}`,
    details_url: run.detailsUrl,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.annotations.length,
      annotations_url: `${url}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.checkSuiteId },
    app: null,
    pull_requests: repo.issues
      .filter((i) => i.pullRequest?.headSha === run.headSha && i.state === 'open')
      .map((i) => ({
        id: i.pullRequest!.id,
        number: i.number,
        url: `${repoApiUrl(urls, repo)}/pulls/${i.number}`,
        head: {
          ref: i.pullRequest!.headRef,
          sha: i.pullRequest!.headSha,
          repo: { id: repo.id, url: repoApiUrl(urls, repo), name: repo.name },
        },
        base: {
          ref: i.pullRequest!.baseRef,
          sha: i.pullRequest!.baseSha,
          repo: { id: repo.id, url: repoApiUrl(urls, repo), name: repo.name },
        },
      })),
  };
}

export const assetDownloadPath = (repo: RepoState, asset: AssetState) =>
  `/_fake/asset-downloads/${repo.fullName}/${asset.id}/${encodeURIComponent(asset.name)}`;

export function assetShape(urls: Urls, repo: RepoState, release: ReleaseState, asset: AssetState) {
  const tag = release.draft ? `untagged-${release.untaggedId}` : release.tagName;
  return {
    url: `${repoApiUrl(urls, repo)}/releases/assets/${asset.id}`,
    // Served by the fake (GitHub serves it from github.com); unlike GitHub's, a draft's works too.
    browser_download_url: `${urls.api}/${repo.fullName}/releases/download/${encodeURIComponent(tag)}/${encodeURIComponent(asset.name)}`,
    id: asset.id,
    node_id: nodeId('RA', asset.id),
    name: asset.name,
    label: asset.label,
    state: asset.state,
    content_type: asset.contentType,
    size: asset.data.length,
    digest: `sha256:${sha256(asset.data)}`,
    download_count: asset.downloadCount,
    created_at: asset.createdAt,
    updated_at: asset.updatedAt,
    uploader: userShape(urls, asset.uploader),
  };
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

export function releaseShape(urls: Urls, repo: RepoState, release: ReleaseState) {
  const api = repoApiUrl(urls, repo);
  const tag = release.draft ? `untagged-${release.untaggedId}` : release.tagName;
  return {
    url: `${api}/releases/${release.id}`,
    html_url: `${urls.web}/${repo.fullName}/releases/tag/${encodeURIComponent(tag)}`,
    assets_url: `${api}/releases/${release.id}/assets`,
    // The fake is its own upload host: octokit posts assets to this URL's origin.
    upload_url: `${urls.api}/repos/${repo.fullName}/releases/${release.id}/assets{?name,label}`,
    tarball_url: release.draft ? null : `${api}/tarball/${encodeURIComponent(release.tagName)}`,
    zipball_url: release.draft ? null : `${api}/zipball/${encodeURIComponent(release.tagName)}`,
    id: release.id,
    node_id: nodeId('RE', release.id),
    tag_name: release.tagName,
    target_commitish: release.targetCommitish,
    name: release.name,
    body: release.body,
    draft: release.draft,
    prerelease: release.prerelease,
    immutable: false,
    created_at: release.createdAt,
    published_at: release.publishedAt,
    updated_at: release.updatedAt,
    author: userShape(urls, release.author),
    assets: release.assets.map((a) => assetShape(urls, repo, release, a)),
  };
}

export function refShape(urls: Urls, repo: RepoState, ref: RefState) {
  const api = repoApiUrl(urls, repo);
  return {
    ref: ref.ref,
    node_id: nodeId('REF', hashNumber(ref.ref)),
    url: `${api}/git/${ref.ref.split('/').map(encodeURIComponent).join('/')}`,
    object: {
      type: ref.type,
      sha: ref.sha,
      url: `${api}/git/${ref.type === 'tag' ? 'tags' : 'commits'}/${ref.sha}`,
    },
  };
}

function hashNumber(text: string): number {
  return createHash('sha1').update(text).digest().readUInt32BE(0);
}

export function tagObjectShape(urls: Urls, repo: RepoState, tag: TagObjectState) {
  const api = repoApiUrl(urls, repo);
  return {
    node_id: nodeId('TAG', hashNumber(tag.sha)),
    tag: tag.tag,
    sha: tag.sha,
    url: `${api}/git/tags/${tag.sha}`,
    message: tag.message,
    tagger: tag.tagger,
    object: { ...tag.object, url: `${api}/git/${tag.object.type}s/${tag.object.sha}` },
    verification: { verified: false, reason: 'unsigned', payload: null, signature: null, verified_at: null },
  };
}

export function tagShape(urls: Urls, repo: RepoState, name: string, commitSha: string) {
  const api = repoApiUrl(urls, repo);
  return {
    name,
    commit: { sha: commitSha, url: `${api}/commits/${commitSha}` },
    zipball_url: `${api}/zipball/refs/tags/${encodeURIComponent(name)}`,
    tarball_url: `${api}/tarball/refs/tags/${encodeURIComponent(name)}`,
    node_id: nodeId('TAGREF', hashNumber(name)),
  };
}

export function deploymentShape(urls: Urls, repo: RepoState, deployment: DeploymentState) {
  const api = repoApiUrl(urls, repo);
  const url = `${api}/deployments/${deployment.id}`;
  return {
    url,
    id: deployment.id,
    node_id: nodeId('DE', deployment.id),
    sha: deployment.sha,
    ref: deployment.ref,
    task: deployment.task,
    payload: deployment.payload,
    original_environment: deployment.environment,
    environment: deployment.environment,
    description: deployment.description,
    creator: userShape(urls, deployment.creator),
    created_at: deployment.createdAt,
    updated_at: deployment.updatedAt,
    statuses_url: `${url}/statuses`,
    repository_url: api,
    transient_environment: deployment.transientEnvironment,
    production_environment: deployment.productionEnvironment,
    performed_via_github_app: null,
  };
}

export function deploymentStatusShape(
  urls: Urls,
  repo: RepoState,
  deployment: DeploymentState,
  status: DeploymentStatusState,
) {
  const api = repoApiUrl(urls, repo);
  const deploymentUrl = `${api}/deployments/${deployment.id}`;
  return {
    url: `${deploymentUrl}/statuses/${status.id}`,
    id: status.id,
    node_id: nodeId('DES', status.id),
    state: status.state,
    creator: userShape(urls, status.creator),
    description: status.description,
    environment: status.environment,
    target_url: status.targetUrl,
    environment_url: status.environmentUrl,
    log_url: status.logUrl,
    created_at: status.createdAt,
    updated_at: status.updatedAt,
    deployment_url: deploymentUrl,
    repository_url: api,
    performed_via_github_app: null,
  };
}
