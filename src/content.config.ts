import { defineCollection, reference } from 'astro:content';
import { file } from 'astro/loaders';
import { docsLoader, i18nLoader } from '@astrojs/starlight/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { parse } from 'yaml';
import {
	docsFrontmatter,
	learningPathSchema,
	promiseSchema,
	resourceSchema,
	specReleaseSchema,
} from './content/schemas';

/** Loads a YAML list from src/content/, remembering each entry's `position`: the file's order is the readers' order. */
function yamlList(name: string) {
	const parser = (text: string) => (parse(text) as object[]).map((item, position) => ({ ...item, position }));
	return file(`src/content/${name}.yaml`, { parser });
}

export const collections = {
	docs: defineCollection({
		loader: docsLoader(),
		schema: (context) => docsFrontmatter(docsSchema()(context)),
	}),
	i18n: defineCollection({ loader: i18nLoader(), schema: i18nSchema() }),
	specs: defineCollection({ loader: yamlList('specs'), schema: specReleaseSchema }),
	paths: defineCollection({ loader: yamlList('paths'), schema: learningPathSchema(reference('docs')) }),
	resources: defineCollection({ loader: yamlList('resources'), schema: resourceSchema }),
	promises: defineCollection({ loader: yamlList('promises'), schema: promiseSchema }),
};
