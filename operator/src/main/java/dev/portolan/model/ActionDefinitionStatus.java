package dev.portolan.model;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ActionDefinitionStatus extends ConditionedStatus {}
