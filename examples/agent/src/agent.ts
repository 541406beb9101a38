import { openaiRequest } from "./providers/openai"
import { anthropicRequest } from "./providers/anthropic"

// One tool call per turn: the executor below runs tools one after another.
export const PARALLEL_TOOL_CALLS_ENABLED = false

export interface AgentOptions {
	model: string
	/** Let the model ask for several tools at once. */
	allowParallelToolCalls?: boolean
}

export async function runTurn(options: AgentOptions, history: Message[]) {
	const request = options.model.startsWith("claude")
		? anthropicRequest(options.model, history)
		: openaiRequest(options.model, history, options.allowParallelToolCalls ?? false)
	const reply = await send(request)
	for (const call of reply.toolCalls) {
		await execute(call)
	}
	return reply
}
