/**
 * Serves a built site on 127.0.0.1 the way Netlify does for this project: static files (gzip-compressed when the
 * client accepts it), `index.html` for folders, the `_redirects` rules the build wrote, the `[[headers]]` of
 * netlify.toml, and `404.html` for anything else.
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { createGzip } from 'node:zlib';
import { parse } from 'smol-toml';
import { root } from './project.ts';

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json',
	'.svg': 'image/svg+xml',
	'.xml': 'application/xml',
	'.wasm': 'application/wasm',
	'.txt': 'text/plain; charset=utf-8',
};

interface HeaderRule {
	for: string;
	values: Record<string, string>;
}

/** The `[[headers]]` rules of netlify.toml. */
function headerRules(): HeaderRule[] {
	return (parse(readFileSync(join(root, 'netlify.toml'), 'utf8')) as { headers?: HeaderRule[] }).headers ?? [];
}

/** The headers Netlify would add to a path: every rule whose `for` pattern (with `*` wildcards) matches it. */
export function headersFor(path: string, rules: readonly HeaderRule[]): Record<string, string> {
	const matches = (pattern: string) => new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(path);
	return Object.assign({}, ...rules.filter((rule) => matches(rule.for)).map((rule) => rule.values));
}

/** The `_redirects` rules of a build, by source path. */
function redirectRules(dist: string): Map<string, { to: string; status: number }> {
	const file = join(dist, '_redirects');
	if (!existsSync(file)) return new Map();
	return new Map(
		readFileSync(file, 'utf8')
			.split('\n')
			.filter(Boolean)
			.map((line) => line.split(/\s+/))
			.map(([from, to, status]) => [from!, { to: to!, status: Number(status) }]),
	);
}

/** The file a static host answers a path with: the file itself, or `index.html` in a folder. */
async function resolveFile(dist: string, pathname: string): Promise<string | undefined> {
	const file = normalize(join(dist, decodeURIComponent(pathname)));
	if (!file.startsWith(dist)) return undefined;
	const info = await stat(file).catch(() => undefined);
	if (info?.isFile()) return file;
	if (info?.isDirectory() && existsSync(join(file, 'index.html'))) return join(file, 'index.html');
	return undefined;
}

/** Serves `dist` on a free port of 127.0.0.1 until `close()`. */
export function serve(dist: string): Promise<{ url: string; close: () => Promise<void> }> {
	const rules = headerRules();
	const redirects = redirectRules(dist);
	const server = createServer(async (request, response) => {
		const { pathname } = new URL(request.url ?? '/', 'http://localhost');
		const redirect = redirects.get(pathname);
		if (redirect) {
			response.writeHead(redirect.status, { ...headersFor(pathname, rules), location: redirect.to });
			response.end();
			return;
		}
		const file = await resolveFile(dist, pathname);
		const [status, path] = file ? [200, file] : [404, join(dist, '404.html')];
		const type = TYPES[extname(path)] ?? 'application/octet-stream';
		// Netlify compresses text; so does this server, so that byte counts are what a reader downloads.
		const gzip = /^(text\/|application\/(json|xml|wasm)|image\/svg)/.test(type) && /\bgzip\b/.test(String(request.headers['accept-encoding']));
		response.writeHead(status, { ...headersFor(pathname, rules), 'content-type': type, ...(gzip && { 'content-encoding': 'gzip', vary: 'Accept-Encoding' }) });
		const body = createReadStream(path);
		(gzip ? body.pipe(createGzip()) : body).pipe(response);
	});
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			// A browser still open keeps connections alive; ending them makes `close` finish instead of waiting on it.
			const close = () => new Promise<void>((done) => {
				server.close(() => done());
				server.closeAllConnections();
			});
			resolve({ url: `http://127.0.0.1:${port}`, close });
		});
	});
}
