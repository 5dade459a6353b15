/**
 * Validates what a lab prints where it says `# @oci <kind>`: the command's real output must be that OCI object, checked
 * by the same schemas and rules as the JSON examples in the articles.
 */
import type { Lab, LabRun } from './labs.ts';
import { ociKinds } from './kinds.ts';
import type { OciValidators } from './schemas.ts';
import { checkJsonExample } from './validate.ts';

/** Problems with the declared objects of one run, each as a Chinese message that starts with `file:line`. */
export function labObjectProblems(lab: Lab, run: LabRun, validators: OciValidators): string[] {
	return lab.objects.flatMap((object) => {
		const output = run.outputs[object.command];
		if (output === undefined) return [];
		const command = lab.commands[object.command];
		const where = `${lab.file}:${command?.line ?? object.line} 这条命令的输出声明为${ociKinds[object.kind].label}（第 ${object.line} 行的 # @oci ${object.kind}）`;
		try {
			JSON.parse(output);
		} catch (error) {
			return [`${where}，但它不是一段完整的 JSON：${(error as Error).message}。这条命令只能输出那一个对象（例如去掉 jq 的过滤，或把其他输出移到下一条命令）。`];
		}
		return checkJsonExample(output, 'json', object.kind, validators).map((issue) => `${where}，输出第 ${issue.line} 行：${issue.message}`);
	});
}
