"""The bare hello skill keeping what it knows of a person in DynamoDB, the way the ASK SDK
documents it: ask-sdk-dynamodb-persistence-adapter's DynamoDbAdapter on a boto3 resource, given
to a CustomSkillBuilder. The baseline for the skill's cold start on DynamoDB in `make bench`.

Like the skill's launch, its launch reads the person's attributes and writes only on a first
visit. Configured from the environment (bench.py sets them): BARE_DYNAMODB_TABLE, and
BARE_DYNAMODB_ENDPOINT for a local DynamoDB (moto on loopback)."""
import os

import boto3
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_core.utils import is_intent_name, is_request_type
from ask_sdk_dynamodb.adapter import DynamoDbAdapter

ddb_resource = boto3.resource("dynamodb", endpoint_url=os.environ.get("BARE_DYNAMODB_ENDPOINT"))
dynamodb_adapter = DynamoDbAdapter(table_name=os.environ.get("BARE_DYNAMODB_TABLE", "bare-hello"),
                                   create_table=False, dynamodb_resource=ddb_resource)
sb = CustomSkillBuilder(persistence_adapter=dynamodb_adapter)


@sb.request_handler(can_handle_func=is_request_type("LaunchRequest"))
def launch_request_handler(handler_input):
    attributes = handler_input.attributes_manager.persistent_attributes
    if not attributes.get("visits"):
        attributes["visits"] = 1
        handler_input.attributes_manager.save_persistent_attributes()
    speech_text = "Welcome to the Alexa Skills Kit, you can say hello!"
    return handler_input.response_builder.speak(speech_text).ask(speech_text).response


@sb.request_handler(can_handle_func=is_intent_name("HelloWorldIntent"))
def hello_world_intent_handler(handler_input):
    return handler_input.response_builder.speak("Hello World").set_should_end_session(True).response


@sb.request_handler(can_handle_func=lambda handler_input: True)
def fallback_handler(handler_input):
    speech_text = "Hello World"  # every other request: the same short answer
    return handler_input.response_builder.speak(speech_text).ask(speech_text).response


@sb.exception_handler(can_handle_func=lambda i, e: True)
def all_exception_handler(handler_input, exception):
    speech = "Sorry, there was some problem. Please try again!"
    return handler_input.response_builder.speak(speech).ask(speech).response


handler = sb.lambda_handler()
