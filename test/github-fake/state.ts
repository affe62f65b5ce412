/** In-memory state of the fake's repositories. Tests read it through `fake.repo('owner/name')`. */

export interface FakeUser {
  login: string;
  id: number;
  type: 'User' | 'Bot';
}

export interface LabelState {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface IssueEventState {
  id: number;
  event: 'labeled' | 'unlabeled' | 'closed' | 'reopened';
  actor: FakeUser;
  createdAt: string;
  label?: { name: string; color: string };
}

export interface PullRequestState {
  /** The pull request's own id (GitHub's issue and pull request ids differ). */
  id: number;
  headSha: string;
  headRef: string;
  baseRef: string;
  baseSha: string;
  draft: boolean;
}

export interface IssueState {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'reopened' | 'not_planned' | 'duplicate' | null;
  /** Label names, in the order applied. */
  labels: string[];
  user: FakeUser;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: FakeUser | null;
  events: IssueEventState[];
  /** Set when this "issue" is a pull request (GitHub's issues API serves both). */
  pullRequest?: PullRequestState;
}

export interface CommentState {
  id: number;
  issueNumber: number;
  body: string;
  user: FakeUser;
  createdAt: string;
  updatedAt: string;
}

export interface CheckRunState {
  id: number;
  name: string;
  headSha: string;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
  conclusion: string | null;
  startedAt: string | null;
  completedAt: string | null;
  externalId: string | null;
  detailsUrl: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  /** Annotations accumulate over updates, as GitHub's do. */
  annotations: Record<string, unknown>[];
  checkSuiteId: number;
}

export interface AssetState {
  id: number;
  name: string;
  label: string | null;
  contentType: string;
  data: Buffer;
  state: 'uploaded' | 'open';
  createdAt: string;
  updatedAt: string;
  uploader: FakeUser;
  downloadCount: number;
}

export interface ReleaseState {
  id: number;
  tagName: string;
  targetCommitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  createdAt: string;
  publishedAt: string | null;
  updatedAt: string;
  author: FakeUser;
  assets: AssetState[];
  /** A draft's page is `releases/tag/untagged-…` until it is published. */
  untaggedId: string;
}

export interface RefState {
  /** Full name: `refs/heads/main`, `refs/tags/model@v1.0.0`. */
  ref: string;
  sha: string;
  /** What the ref points at: a commit, or an annotated tag object. */
  type: 'commit' | 'tag';
}

export interface TagObjectState {
  sha: string;
  tag: string;
  message: string;
  object: { sha: string; type: string };
  tagger: { name: string; email: string; date: string };
}

export interface DeploymentStatusState {
  id: number;
  state: 'error' | 'failure' | 'inactive' | 'pending' | 'success' | 'queued' | 'in_progress';
  description: string;
  environment: string;
  targetUrl: string;
  logUrl: string;
  environmentUrl: string;
  creator: FakeUser;
  createdAt: string;
  updatedAt: string;
}

export interface DeploymentState {
  id: number;
  ref: string;
  sha: string;
  task: string;
  environment: string;
  description: string | null;
  payload: Record<string, unknown> | string;
  transientEnvironment: boolean;
  productionEnvironment: boolean;
  creator: FakeUser;
  createdAt: string;
  updatedAt: string;
  statuses: DeploymentStatusState[];
}

export type DispatchState =
  | { kind: 'repository_dispatch'; eventType: string; clientPayload: Record<string, unknown>; at: string }
  | {
      kind: 'workflow_dispatch';
      workflowId: string;
      ref: string;
      inputs: Record<string, unknown>;
      at: string;
    };

export interface RepoState {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  defaultBranch: string;
  private: boolean;
  visibility: 'public' | 'private' | 'internal';
  /** Issues and pull requests share one number sequence, as on GitHub. */
  issues: IssueState[];
  comments: CommentState[];
  labels: LabelState[];
  checkRuns: CheckRunState[];
  releases: ReleaseState[];
  refs: Map<string, RefState>;
  tagObjects: Map<string, TagObjectState>;
  deployments: DeploymentState[];
  dispatches: DispatchState[];
}
