"""A made-up planning worker: one tool call per turn for now."""
from agents import Agent, ModelSettings

ENABLE_PARALLEL_TOOL_CALLS = False


def build_planner(tools):
    return Agent(
        name="planner",
        tools=tools,
        model_settings=ModelSettings(parallel_tool_calls=False),
    )


def pick_call(response):
    tool_calls = response.choices[0].message.tool_calls
    if tool_calls:
        # the executor below runs one call; the rest are dropped
        return tool_calls[0]
    return None
