export {
  startGitHubFake,
  DEFAULT_HEAD_SHA,
  type GitHubFake,
  type GitHubFakeOptions,
  type IssueSeed,
  type PullRequestSeed,
  type RecordedRequest,
  type RepoSeed,
  type ResponseFailure,
  type TokenConfig,
  type ValidationFailure,
} from './server.js';
export type { FaultKind, FaultRule, QueuedFault } from './faults.js';
export type { PermissionName, TokenPermissions } from './permissions.js';
export { subset, validateResponseBody } from './openapi.js';
export type * from './state.js';
