/**
 * Checks one JSON example: it parses, it declares what OCI object it shows (or none), and a declared object passes
 * its official schema plus the newer-release rules. Problems carry the line inside the example text.
 */
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Node, ParseError } from 'jsonc-parser';
import type { ErrorObject } from 'ajv';
import type { OciKind } from './kinds.ts';
import { guessOciKind, isOciKind, notOciKind, ociKindNames, ociKinds } from './kinds.ts';
import type { OciValidators } from './schemas.ts';
import { patchSource, ruleSource, specRuleIssues } from './spec-updates.ts';

/** A problem inside one example, with its 1-based line counted from the example's first line. */
export interface ExampleIssue {
	line: number;
	message: string;
}

/** How the example is written: strict JSON, or JSON with comments (`jsonc`). */
export type JsonDialect = 'json' | 'jsonc';

/** The 1-based line of a character offset. */
export function lineOfOffset(text: string, offset: number): number {
	return text.slice(0, offset).split('\n').length;
}

/** Splits a JSON Pointer into keys and array indexes. */
function pointerPath(pointer: string): (string | number)[] {
	if (pointer === '') return [];
	return pointer
		.slice(1)
		.split('/')
		.map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
		.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** The line where the value at a JSON Pointer starts (its key's line for properties), or the closest parent's. */
export function lineOfPointer(text: string, tree: Node | undefined, pointer: string): number {
	if (!tree) return 1;
	const path = pointerPath(pointer);
	for (let depth = path.length; depth >= 0; depth--) {
		const node = findNodeAtLocation(tree, path.slice(0, depth));
		if (node) return lineOfOffset(text, node.parent?.type === 'property' ? node.parent.offset : node.offset);
	}
	return 1;
}

/** A readable pointer for messages: `/layers/0/digest`, or `（根对象）`. */
function showPointer(pointer: string): string {
	return pointer === '' ? '（根对象）' : pointer;
}

/** One ajv error as a Chinese message that keeps the validator's own words and the schema file and keyword behind it. */
function schemaErrorMessage(error: ErrorObject, kind: OciKind, validators: OciValidators): string {
	const extra = error.keyword === 'enum' ? `：${JSON.stringify(error.params['allowedValues'])}` : '';
	const location = validators.locate(error);
	const where = location ? `${location.file}#${location.pointer}/${error.keyword}` : `${ociKinds[kind].schemaFile}${error.schemaPath}`;
	const problem = `${error.message ?? error.keyword}${extra}`;
	if (location?.patch) return `${showPointer(error.instancePath)} 不符合 schema：${problem}（${where}，${patchSource(location.patch)}）`;
	return `${showPointer(error.instancePath)} 不符合官方 schema：${problem}（${where}）`;
}

/** The declared kinds, as a hint for messages. */
const declareHint = `可选值：${ociKindNames.join('、')}；若这段 JSON 确实不是 OCI 对象，就声明为 ${notOciKind}`;

/** Parses JSON or JSONC with positions, returning the value, the tree and the parse errors. */
function parseWithPositions(text: string, dialect: JsonDialect) {
	const errors: ParseError[] = [];
	const tree = parseTree(text, errors, { allowTrailingComma: dialect === 'jsonc', disallowComments: dialect === 'json' });
	return { tree, errors };
}

/** Tells an author how to declare a kind, for a code block (the default) or another kind of example. */
export type DeclareHow = (kind: string) => string;

/** How a fenced code block declares its kind. */
export const declareInCodeBlock: DeclareHow = (kind) => `在代码块信息里写 \`\`\`json oci=${kind}`;

/** Validates one JSON example. `declared` is the `oci=` value (or undefined when the example declares nothing). */
export function checkJsonExample(
	text: string,
	dialect: JsonDialect,
	declared: string | undefined,
	validators: OciValidators,
	declareHow: DeclareHow = declareInCodeBlock,
): ExampleIssue[] {
	const { tree, errors } = parseWithPositions(text, dialect);
	if (errors.length > 0) {
		if (dialect === 'jsonc' && declared === undefined) return [];
		return errors.slice(0, 1).map((error) => ({
			line: lineOfOffset(text, error.offset),
			message:
				dialect === 'json'
					? `不是完整、合法的 JSON：${printParseErrorCode(error.error)}。需要省略或加注释时，请把代码块标为 jsonc（并去掉 oci= 声明），或给出一个更小的完整对象。`
					: `声明了 oci=${declared} 的 jsonc 示例无法解析：${printParseErrorCode(error.error)}。带省略号的片段不能声明为 OCI 对象。`,
		}));
	}
	const value: unknown = dialect === 'json' ? JSON.parse(text) : tree && getNodeValue(tree);
	if (declared === notOciKind) return [];
	if (declared === undefined) {
		if (dialect === 'jsonc') return [];
		const guess = guessOciKind(value);
		if (!guess) return [];
		return [
			{
				line: 1,
				message: `这段 JSON 看起来是${ociKinds[guess].label}，但没有声明它是什么：请${declareHow(guess)}（${declareHint}）。声明后它会按官方 JSON Schema 校验。`,
			},
		];
	}
	if (!isOciKind(declared)) return [{ line: 1, message: `未知的 oci=${declared}。${declareHint}。` }];
	const issues: ExampleIssue[] = [];
	for (const error of validators.validate(declared, value)) {
		issues.push({ line: lineOfPointer(text, tree, error.instancePath), message: schemaErrorMessage(error, declared, validators) });
	}
	for (const issue of specRuleIssues(declared, value)) {
		issues.push({ line: lineOfPointer(text, tree, issue.pointer), message: `${showPointer(issue.pointer)}：${issue.message}（${ruleSource(issue)}）` });
	}
	return issues.sort((a, b) => a.line - b.line);
}

