import type { SpecName } from './kinds.ts';

/** Where each spec's official JSON Schemas come from on a Debian machine, and which release the articles target. */
export const schemaSources = {
	runtime: {
		title: 'OCI Runtime Specification',
		debianPackage: 'golang-github-opencontainers-specs-dev',
		target: 'v1.3.0',
		repo: 'https://github.com/opencontainers/runtime-spec',
	},
	image: {
		title: 'OCI Image Format Specification',
		debianPackage: 'golang-github-opencontainers-image-spec-dev',
		target: 'v1.1.1',
		repo: 'https://github.com/opencontainers/image-spec',
	},
} as const satisfies Record<SpecName, { title: string; debianPackage: string; target: string; repo: string }>;

/** A link to a section of a spec at its target release tag, e.g. `specUrl('image', 'manifest.md#image-manifest')`. */
export function specUrl(spec: SpecName, fileAndAnchor: string): string {
	const source = schemaSources[spec];
	return `${source.repo}/blob/${source.target}/${fileAndAnchor}`;
}
