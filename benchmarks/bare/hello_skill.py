"""A bare hello skill on ask-sdk-core, as the ASK SDK's getting-started guide writes it: the
baseline the Lambda path is measured against in `make bench`."""
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_core.utils import is_intent_name, is_request_type

sb = SkillBuilder()


@sb.request_handler(can_handle_func=is_request_type("LaunchRequest"))
def launch_request_handler(handler_input):
    speech_text = "Welcome to the Alexa Skills Kit, you can say hello!"
    return (handler_input.response_builder.speak(speech_text).ask(speech_text).response)


@sb.request_handler(can_handle_func=is_intent_name("HelloWorldIntent"))
def hello_world_intent_handler(handler_input):
    return handler_input.response_builder.speak("Hello World").set_should_end_session(True).response


@sb.request_handler(can_handle_func=is_intent_name("AMAZON.HelpIntent"))
def help_intent_handler(handler_input):
    speech_text = "You can say hello to me!"
    return handler_input.response_builder.speak(speech_text).ask(speech_text).response


@sb.request_handler(can_handle_func=lambda handler_input: True)
def fallback_handler(handler_input):
    speech_text = "Hello World"  # every other request: the same short answer
    return handler_input.response_builder.speak(speech_text).ask(speech_text).response


@sb.exception_handler(can_handle_func=lambda i, e: True)
def all_exception_handler(handler_input, exception):
    speech = "Sorry, there was some problem. Please try again!"
    return handler_input.response_builder.speak(speech).ask(speech).response


handler = sb.lambda_handler()
