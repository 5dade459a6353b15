/** Spec release tags such as `v1.3.0`, compared numerically. */

/** The pattern every release tag in frontmatter and data must match. */
export const RELEASE_TAG = /^v(\d+)\.(\d+)\.(\d+)$/;

/** Splits a release tag into its three numbers; throws on anything that is not `vX.Y.Z`. */
export function parseRelease(tag: string): [number, number, number] {
	const match = RELEASE_TAG.exec(tag);
	if (!match) throw new Error(`「${tag}」不是规范发布标签，应形如 v1.3.0`);
	return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** Negative when `a` is an older release than `b`, zero when equal, positive when newer. */
export function compareReleases(a: string, b: string): number {
	const [x, y] = [parseRelease(a), parseRelease(b)];
	return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** Link to a file of a spec repository at a release tag, e.g. `config-linux.md` at `v1.3.0`. */
export function specBlobUrl(repo: string, tag: string, file = 'README.md'): string {
	return `https://github.com/${repo}/blob/${tag}/${file}`;
}
