export function anthropicRequest(model: string, messages: Message[]) {
	return {
		model,
		messages,
		tools: TOOLS,
		tool_choice: { type: "auto", disable_parallel_tool_use: true },
	}
}
