export function AgentPanel({ history }: { history: Message[] }) {
	return <Conversation history={history} parallelToolCalls={false} />
}
