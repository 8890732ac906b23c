package dev.portolan.web.view;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.model.ActionDefinitionSpec;

/**
 * An action definition as the portal shows it: what it is, whether a run needs an approval, whether
 * it is ready to run, and its input schema.
 *
 * @param inputs the input schema as JSON ({@code {"properties": {}, "required": []}} when the
 *     definition declares none): a JSON Schema is data, answered as the definition holds it
 * @param inputSchema the same schema typed, for the UI's forms (never null); not in the JSON
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ActionDefinitionView(
    String name,
    String title,
    String description,
    String blueprint,
    String operation,
    boolean approvalRequired,
    boolean ready,
    JsonNode inputs,
    @JsonIgnore ActionDefinitionSpec.Inputs inputSchema) {}
