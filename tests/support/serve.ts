/** Serves a built site on 127.0.0.1 the way a static host does, for tests that load pages. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

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

/** The file a static host answers a path with: the file itself, or `index.html` in a folder. */
async function resolveFile(dist: string, pathname: string): Promise<string | undefined> {
	const file = normalize(join(dist, decodeURIComponent(pathname)));
	if (!file.startsWith(dist)) return undefined;
	const info = await stat(file).catch(() => undefined);
	if (info?.isFile()) return file;
	if (info?.isDirectory()) return (await stat(join(file, 'index.html')).catch(() => undefined)) ? join(file, 'index.html') : undefined;
	return undefined;
}

/** Serves `dist` on a free port of 127.0.0.1 until `close()`; unknown paths get `404.html` with status 404. */
export function serve(dist: string): Promise<{ url: string; close: () => Promise<void> }> {
	const server = createServer(async (request, response) => {
		const { pathname } = new URL(request.url ?? '/', 'http://localhost');
		const file = await resolveFile(dist, pathname);
		const [status, path] = file ? [200, file] : [404, join(dist, '404.html')];
		response.writeHead(status, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
		createReadStream(path).pipe(response);
	});
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
		});
	});
}
