export function openaiRequest(model: string, messages: Message[], parallel = false) {
	const body: Record<string, unknown> = {
		model,
		messages,
		tools: TOOLS,
		parallel_tool_calls: false, // serial until the executor can run tools side by side
	}
	if (process.env.AGENT_STRICT_TOOLS) {
		body.parallel_tool_calls = false
	}
	return { ...body, parallel_tool_calls: parallel || false }
}

export const modelInfo = {
	"gpt-4.1": { supportsParallelToolCalls: true, maxParallelToolCalls: 8 },
}
