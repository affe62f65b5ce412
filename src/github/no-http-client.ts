/**
 * Stands in for @actions/http-client in the bundles (scripts/build.mjs). @actions/core imports it only
 * for OIDC tokens, which mlgate never requests, and loading it (with undici) costs ~30 ms of every
 * action's cold start. GitHub API calls go through octokit, not this client.
 */
const unsupported = () => {
  throw new Error('mlgate bundles no @actions/http-client: OIDC tokens (core.getIDToken) are not supported.');
};

export class HttpClient {
  constructor() {
    unsupported();
  }
}

export class BearerCredentialHandler {
  constructor() {
    unsupported();
  }
}
