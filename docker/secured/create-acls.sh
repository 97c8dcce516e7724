#!/bin/sh
# The ACLs of a secured FerStream cluster: the least each principal needs. The principals are
# User:camera, User:gate, User:processor, User:consumer and User:registry; the brokers and the
# operator are the super user (super.users=User:admin). See README.md beside this file.
#
#   BOOTSTRAP=kafka:9093 ADMIN_CONFIG=admin.properties ./create-acls.sh
#
# The commands between the markers are generated from io.ferstream.stack.StackAcls, the ACLs that
# SecuredPipelineIT runs the whole pipeline with (StackAclsScriptTest keeps them equal).
set -eu
: "${BOOTSTRAP:?set BOOTSTRAP to a SASL_SSL listener, e.g. kafka:9093}"
: "${ADMIN_CONFIG:?set ADMIN_CONFIG to the admin client properties (SASL_SSL, the super user)}"
KAFKA_ACLS=${KAFKA_ACLS:-/opt/kafka/bin/kafka-acls.sh}

acl() {
  "$KAFKA_ACLS" --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add "$@"
}

# acls: generated from StackAcls by StackAclsScriptTest
acl --allow-principal User:camera --topic frames.raw --operation Write --operation Describe
acl --allow-principal User:gate --topic frames.raw --operation Read --operation Describe
acl --allow-principal User:gate --topic frames --operation Write --operation Describe
acl --allow-principal User:gate --topic frames.dlq --operation Write --operation Describe
acl --allow-principal User:gate --topic frames.camera-status --operation Read --operation Write --operation Describe --operation DescribeConfigs
acl --allow-principal User:gate --topic ferstream-frame-gate --resource-pattern-type prefixed --operation All
acl --allow-principal User:gate --group ferstream-frame-gate --resource-pattern-type prefixed --operation Read --operation Describe
acl --allow-principal User:gate --transactional-id ferstream-frame-gate --resource-pattern-type prefixed --operation Write --operation Describe
acl --allow-principal User:processor --topic frames --operation Read --operation Describe
acl --allow-principal User:processor --topic expression-events --operation Write --operation Describe
acl --allow-principal User:processor --topic expression-summaries --operation Write --operation Describe
acl --allow-principal User:processor --topic frames.dlq --operation Write --operation Describe
acl --allow-principal User:processor --group ferstream-processor --resource-pattern-type prefixed --operation Read --operation Describe
acl --allow-principal User:processor --transactional-id ferstream-processor --resource-pattern-type prefixed --operation Write --operation Describe
acl --allow-principal User:consumer --topic expression-events --operation Read --operation Describe
acl --allow-principal User:consumer --topic expression-summaries --operation Read --operation Describe
acl --allow-principal User:consumer --group expression-consumer --resource-pattern-type prefixed --operation Read --operation Describe
acl --allow-principal User:registry --topic _schemas --operation All
acl --allow-principal User:registry --transactional-id ferstream-schema-registry-_schemas --operation Write --operation Describe
# acls: end
