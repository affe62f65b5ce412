/**
 * Which GITHUB_TOKEN permission each operation needs, as GitHub's "Permissions required for GitHub Apps"
 * page lists them (permission names as in x-accepted-github-permissions: underscores, not the workflow
 * `permissions:` block's hyphens). Alternatives: any one set is enough (comments on a pull request are
 * allowed with issues or pull_requests).
 */
export type PermissionName =
  'actions' | 'checks' | 'contents' | 'deployments' | 'issues' | 'metadata' | 'pull_requests';
export type PermissionLevel = 'read' | 'write';
export type TokenPermissions = Partial<Record<PermissionName, PermissionLevel | 'none'>>;

type Requirement = [PermissionName, PermissionLevel][];

const read = (p: PermissionName): Requirement => [[p, 'read']];
const write = (p: PermissionName): Requirement => [[p, 'write']];
const issuesOrPulls = (level: PermissionLevel): Requirement => [
  ['issues', level],
  ['pull_requests', level],
];

export const OPERATION_PERMISSIONS: Record<string, Requirement> = {
  'checks/create': write('checks'),
  'checks/update': write('checks'),
  'checks/get': read('checks'),
  'checks/list-for-ref': read('checks'),
  'issues/list-comments': issuesOrPulls('read'),
  'issues/create-comment': issuesOrPulls('write'),
  'issues/update-comment': issuesOrPulls('write'),
  'issues/delete-comment': issuesOrPulls('write'),
  'issues/list-for-repo': read('issues'),
  'issues/create': write('issues'),
  'issues/update': issuesOrPulls('write'),
  'issues/get': issuesOrPulls('read'),
  'issues/list-events': issuesOrPulls('read'),
  'issues/add-labels': issuesOrPulls('write'),
  'issues/remove-label': issuesOrPulls('write'),
  'issues/create-label': issuesOrPulls('write'),
  'issues/get-label': issuesOrPulls('read'),
  'pulls/get': read('pull_requests'),
  'repos/list-releases': read('contents'),
  'repos/get-release-by-tag': read('contents'),
  'repos/get-release': read('contents'),
  'repos/create-release': write('contents'),
  'repos/update-release': write('contents'),
  'repos/delete-release': write('contents'),
  'repos/list-release-assets': read('contents'),
  'repos/upload-release-asset': write('contents'),
  'repos/get-release-asset': read('contents'),
  'repos/delete-release-asset': write('contents'),
  'git/get-ref': read('contents'),
  'git/list-matching-refs': read('contents'),
  'git/create-ref': write('contents'),
  'git/update-ref': write('contents'),
  'git/delete-ref': write('contents'),
  'git/create-tag': write('contents'),
  'git/get-tag': read('contents'),
  'repos/list-tags': read('contents'),
  'repos/create-deployment': write('deployments'),
  'repos/create-deployment-status': write('deployments'),
  'repos/list-deployments': read('deployments'),
  'repos/list-deployment-statuses': read('deployments'),
  'repos/create-dispatch-event': write('contents'),
  'actions/create-workflow-dispatch': write('actions'),
  'repos/get': read('metadata'),
};

const rank = { none: 0, read: 1, write: 2 } as const;

/** True when the token's permissions cover one of the operation's alternatives. */
export function isAllowed(operationId: string, permissions: TokenPermissions | undefined): boolean {
  if (!permissions) return true;
  const requirement = OPERATION_PERMISSIONS[operationId];
  if (!requirement) return true;
  return requirement.some(([name, level]) => {
    // Every GITHUB_TOKEN can read metadata.
    const granted = name === 'metadata' ? 'read' : (permissions[name] ?? 'none');
    return rank[granted] >= rank[level];
  });
}

/** The x-accepted-github-permissions header value: alternatives separated by "; ". */
export function acceptedPermissionsHeader(operationId: string): string | undefined {
  const requirement = OPERATION_PERMISSIONS[operationId];
  return requirement?.map(([name, level]) => `${name}=${level}`).join('; ');
}
