import { fetchJson, type DownloadContext } from './download.js';

/**
 * NuGet's V3 API, the part needed to fetch a package and the hash the feed publishes for it:
 * service index → PackageBaseAddress (the .nupkg) and RegistrationsBaseUrl → registration leaf →
 * catalog leaf → packageHash (SHA-512, base64).
 */

export class NugetFeedError extends Error {
  override readonly name = 'NugetFeedError';
}

interface ServiceIndex {
  resources?: Array<{ '@id'?: string; '@type'?: string | string[] }>;
}

const REGISTRATION_TYPES = [
  'RegistrationsBaseUrl/3.6.0',
  'RegistrationsBaseUrl/Versioned',
  'RegistrationsBaseUrl/3.4.0',
  'RegistrationsBaseUrl/3.0.0-rc',
  'RegistrationsBaseUrl',
];

function resourceOf(index: ServiceIndex, types: readonly string[]): string | undefined {
  for (const type of types) {
    const found = index.resources?.find((r) =>
      (Array.isArray(r['@type']) ? r['@type'] : [r['@type']]).includes(type),
    );
    if (found?.['@id']) return found['@id'].endsWith('/') ? found['@id'] : `${found['@id']}/`;
  }
  return undefined;
}

export interface NugetPackageLocation {
  nupkgUrl: string;
  /** Where the published hash would be read from (registration base), when the feed has one. */
  registrationBase?: string;
}

export async function locateNugetPackage(
  ctx: DownloadContext,
  indexUrl: string,
  id: string,
  version: string,
): Promise<NugetPackageLocation> {
  const index = (await fetchJson(ctx, indexUrl)) as ServiceIndex;
  const base = resourceOf(index, ['PackageBaseAddress/3.0.0']);
  if (!base)
    throw new NugetFeedError(`The NuGet service index ${indexUrl} lists no PackageBaseAddress/3.0.0.`);
  const lowerId = id.toLowerCase();
  const lowerVersion = version.toLowerCase();
  return {
    nupkgUrl: `${base}${lowerId}/${lowerVersion}/${lowerId}.${lowerVersion}.nupkg`,
    registrationBase: resourceOf(index, REGISTRATION_TYPES),
  };
}

/** The packageHash the feed's catalog publishes for id@version (base64 SHA-512). */
export async function publishedPackageHash(
  ctx: DownloadContext,
  location: NugetPackageLocation,
  id: string,
  version: string,
): Promise<{ sha512: string; source: string }> {
  if (!location.registrationBase) {
    throw new NugetFeedError(
      'the feed has no RegistrationsBaseUrl, so it publishes no package hash to check against',
    );
  }
  const leafUrl = `${location.registrationBase}${id.toLowerCase()}/${version.toLowerCase()}.json`;
  const leaf = (await fetchJson(ctx, leafUrl)) as { catalogEntry?: unknown };
  let catalog: unknown = leaf.catalogEntry;
  let catalogUrl = leafUrl;
  if (typeof catalog === 'string') {
    catalogUrl = catalog;
    catalog = await fetchJson(ctx, catalog);
  }
  const entry = catalog as { packageHash?: unknown; packageHashAlgorithm?: unknown } | undefined;
  if (typeof entry?.packageHash !== 'string') {
    throw new NugetFeedError(`${catalogUrl} has no packageHash for ${id} ${version}`);
  }
  const algorithm = String(entry.packageHashAlgorithm ?? 'SHA512').toUpperCase();
  if (algorithm !== 'SHA512') {
    throw new NugetFeedError(`${catalogUrl} publishes a ${algorithm} packageHash; only SHA512 is checked`);
  }
  return { sha512: entry.packageHash, source: catalogUrl };
}
