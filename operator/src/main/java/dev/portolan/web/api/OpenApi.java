package dev.portolan.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API's OpenAPI 3.0 document, built as a typed model (swagger-models) and written by its
 * mapper: every description is a value, never text to be parsed again, so no punctuation in one can
 * change the document's structure.
 *
 * <p>Over ~350 lines: it is the API's one document, every route, parameter and schema with its
 * description; factoring its repeated parameter and response blocks into helpers is still to do.
 */
public final class OpenApi {
  private static final List<String> PHASES =
      List.of("Pending", "WaitingForApproval", "Running", "Succeeded", "Failed", "Rejected");
  private static final List<String> AUTOMATION_TRIGGERS =
      List.of(
          "EntityCreated",
          "EntityUpdated",
          "EntityDeleted",
          "ScorecardLevelChanged",
          "DateTimeReached",
          "ActionFinished",
          "Schedule");
  private static final String DOCUMENT = write(build());

  private OpenApi() {}

  /** The document as JSON. */
  public static String document() {
    return DOCUMENT;
  }

  /** The document as a model. */
  static OpenAPI build() {
    return new OpenAPI()
        .openapi("3.0.3")
        .info(
            new Info()
                .title("Portolan portal API")
                .version("v1")
                .description(
                    "The read view of the Portolan catalog, answered from the operator's in-memory index, and the"
                        + " action runs. In a cluster every /api request needs \"Authorization: Bearer <Kubernetes"
                        + " token>\" (checked with a TokenReview); results are limited to the namespaces where the caller"
                        + " may list entities.portolan.dev. Every 4xx and 5xx, the server's own included, is a JSON"
                        + " ApiError body that names the parameter or body field at fault and carries the request id of the"
                        + " X-Request-Id header. A POST needs Content-Type application/json and is refused when the browser"
                        + " says it comes from another site."))
        .servers(List.of(new Server().url("/")))
        .components(components())
        .security(List.of(new SecurityRequirement().addList("kubernetesToken")))
        .paths(paths());
  }

  private static String write(OpenAPI document) {
    try {
      return Json.mapper().writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  // Schemas

  private static Schema<Object> type(String type) {
    return new Schema<>().type(type);
  }

  private static Schema<Object> string() {
    return type("string");
  }

  private static Schema<Object> string(String description) {
    return string().description(description);
  }

  private static Schema<String> oneOf(List<String> values) {
    return new io.swagger.v3.oas.models.media.StringSchema()._enum(values);
  }

  private static Schema<Object> nullableString() {
    return string().nullable(true);
  }

  private static Schema<Object> integer() {
    return type("integer");
  }

  private static Schema<Object> ref(String schema) {
    return new Schema<>().$ref("#/components/schemas/" + schema);
  }

  private static Schema<Object> arrayOf(Schema<?> items) {
    @SuppressWarnings("unchecked")
    Schema<Object> array = (Schema<Object>) (Schema<?>) new ArraySchema().items(items);
    return array;
  }

  private static Schema<Object> mapOf(Schema<?> values) {
    return type("object").additionalProperties(values);
  }

  private static Schema<Object> anyObject() {
    return type("object").additionalProperties(true);
  }

  @SafeVarargs
  private static Schema<Object> object(Map.Entry<String, Schema<?>>... properties) {
    Schema<Object> schema = type("object");
    Map<String, Schema> members = new LinkedHashMap<>();
    for (Map.Entry<String, Schema<?>> property : properties) {
      members.put(property.getKey(), property.getValue());
    }
    return schema.properties(members);
  }

  private static Map.Entry<String, Schema<?>> p(String name, Schema<?> schema) {
    return Map.entry(name, schema);
  }

  private static Schema<Object> identity() {
    return object(p("username", string()), p("groups", arrayOf(string()))).nullable(true);
  }

  private static Components components() {
    Components components =
        new Components()
            .addSecuritySchemes(
                "kubernetesToken",
                new SecurityScheme()
                    .type(SecurityScheme.Type.HTTP)
                    .scheme("bearer")
                    .description("A Kubernetes bearer token."));
    components.addSchemas(
        "ApiError",
        object(
                p("status", integer()),
                p("error", string().example("BadRequest")),
                p("message", string()),
                p(
                    "parameter",
                    string().description("The query or path parameter at fault, when one is.")),
                p(
                    "field",
                    string()
                        .description(
                            "The field of the JSON body at fault, when one is (a dotted path:"
                                + " inputs.reason).")),
                p(
                    "problems",
                    arrayOf(
                            object(
                                    p(
                                        "field",
                                        string()
                                            .description(
                                                "The field of the JSON body the problem is in;"
                                                    + " absent when it blames none.")),
                                    p(
                                        "message",
                                        string()
                                            .description(
                                                "What is wrong and the fix, naming the field.")))
                                .required(List.of("message")))
                        .description(
                            "For a request refused for a list of problems (a run's checks):"
                                + " each of them; field then names the first's.")),
                p(
                    "requestId",
                    string()
                        .description(
                            "The id of the request, as its X-Request-Id header and the log"
                                + " give it.")))
            .required(List.of("status", "error", "message", "requestId")));
    components.addSchemas(
        "Resource",
        anyObject()
            .description(
                "A Portolan custom resource (Blueprint or Entity) as the API server stores it, with its status."));
    components.addSchemas(
        "List", object(p("items", arrayOf(ref("Resource"))), p("total", integer())));
    components.addSchemas(
        "SearchResult",
        object(
            p("items", arrayOf(ref("Resource"))),
            p("total", integer().description("How many entities matched, over all pages.")),
            p(
                "nextCursor",
                nullableString()
                    .description("Pass as cursor for the next page; null on the last.")),
            p(
                "facets",
                object(
                        p("blueprint", mapOf(integer())),
                        p("namespace", mapOf(integer())),
                        p("owner", mapOf(integer())),
                        p("level", mapOf(mapOf(integer()))))
                    .nullable(true)
                    .description(
                        "Counts over every matching entity, by blueprint, namespace, owner, and scorecard level."
                            + " Each of blueprint, namespace and owner holds its facetLimit most frequent values"
                            + " (ties by value) starting with its facetPrefix, in value order; null with"
                            + " facetLimit=0.")),
            p(
                "facetsLeftOut",
                object(p("blueprint", integer()), p("namespace", integer()), p("owner", integer()))
                    .nullable(true)
                    .description(
                        "How many more values each facet has than it shows; null with facetLimit=0."))));
    components.addSchemas(
        "Link",
        object(
            p("relation", string()),
            p("namespace", string()),
            p("name", string()),
            p("title", string()),
            p("blueprint", string()),
            p("exists", type("boolean"))));
    components.addSchemas(
        "EntityView",
        object(
            p("entity", ref("Resource")),
            p(
                "relations",
                object(p("outgoing", arrayOf(ref("Link"))), p("incoming", arrayOf(ref("Link"))))),
            p("scorecards", anyObject()),
            p(
                "actions",
                arrayOf(ref("ActionDefinitionView"))
                    .description(
                        "The Day2 and Delete actions this entity offers: definitions of its blueprint whose condition holds.")),
            p(
                "recentRuns",
                arrayOf(ref("ActionRun")).description("The 10 newest Actions on this entity."))));
    components.addSchemas(
        "ActionDefinitionView",
        object(
            p("name", string()),
            p("title", string()),
            p("description", nullableString()),
            p("blueprint", string()),
            p("operation", oneOf(List.of("Create", "Day2", "Delete"))),
            p("approvalRequired", type("boolean")),
            p("ready", type("boolean")),
            p(
                "inputs",
                object(p("properties", anyObject()), p("required", arrayOf(string())))
                    .description("The input schema, in the blueprint property schema subset."))));
    components.addSchemas(
        "ActionDefinitionList",
        object(p("items", arrayOf(ref("ActionDefinitionView"))), p("total", integer())));
    components.addSchemas(
        "ActionRun",
        object(
            p("namespace", string()),
            p("name", string()),
            p("definition", string()),
            p("entity", nullableString()),
            p("inputs", anyObject()),
            p("created", string().format("date-time")),
            p("phase", oneOf(PHASES)),
            p("requestedBy", identity()),
            p("approvedBy", identity()),
            p("approvalTime", nullableString()),
            p("startTime", nullableString()),
            p("completionTime", nullableString()),
            p("job", nullableString()),
            p("outputs", anyObject().nullable(true)),
            p("message", nullableString()),
            p("conditions", arrayOf(anyObject()))));
    components.addSchemas(
        "ActionRunList",
        object(
            p("items", arrayOf(ref("ActionRun"))),
            p("total", integer().description("How many runs matched, over all of them."))));
    components.addSchemas(
        "Waiver",
        object(
                p("namespace", string()),
                p("name", string()),
                p("entity", nullableString().description("The one entity it covers, by name.")),
                p(
                    "selector",
                    nullableString()
                        .description("Its label selector over the namespace's entities, as text.")),
                p("scorecard", string()),
                p("rules", arrayOf(string())),
                p("reason", string()),
                p("expiresAt", string().description("When it ends (RFC 3339).")),
                p("phase", oneOf(List.of("Pending", "Active", "Rejected", "Expired", "Invalid"))),
                p("requestedBy", nullableString().description("As admission recorded it.")),
                p("approvedBy", nullableString().description("As admission recorded it.")),
                p("approvalTime", nullableString()),
                p("entities", arrayOf(string()).description("The entities it covers now.")),
                p("message", nullableString()))
            .description(
                "A waiver: some rules of one scorecard excused for one entity or a selector's,"
                    + " until it expires, once an approver approved it. A waived rule shows in the"
                    + " entity's status as result Waived (never as passed)."));
    components.addSchemas(
        "WaiverList", object(p("items", arrayOf(ref("Waiver"))), p("total", integer())));
    components.addSchemas(
        "AutomationEffects",
        object(
                p("startAction", nullableString().description("The ActionDefinition it starts.")),
                p(
                    "notifySecret",
                    nullableString()
                        .description("The Secret (url, hmacKey) of the webhook it notifies.")),
                p("notifyFormat", oneOf(List.of("JSON", "Slack")).nullable(true)),
                p(
                    "event",
                    nullableString()
                        .description("The reason of the Event it records on the entity.")))
            .description("What an automation does when it fires; null members it does not do."));
    components.addSchemas(
        "AutomationFiring",
        object(
                p(
                    "occurrence",
                    string(
                        "The occurrence's id, e.g. time/<entity uid>/<property>/<value>; the Action"
                            + " it started carries it in the annotation portolan.dev/occurrence.")),
                p("time", string("When it occurred (RFC 3339).")),
                p("trigger", oneOf(AUTOMATION_TRIGGERS)),
                p("entity", nullableString().description("The triggering entity, namespace/name.")),
                p("result", oneOf(List.of("Started", "Notified", "Recorded", "Skipped", "Failed"))),
                p(
                    "reason",
                    nullableString()
                        .description(
                            "Why, for Skipped and Failed: ConditionFalse, StormGuard, OwnRun,"
                                + " Forbidden, ...")),
                p("run", nullableString().description("The Action it started.")),
                p(
                    "message",
                    nullableString()
                        .description("What went wrong, with the API server's own message.")))
            .description("One occurrence an automation handled, as its status records it."));
    components.addSchemas(
        "Automation",
        object(
                p("namespace", string()),
                p("name", string()),
                p(
                    "serviceAccountName",
                    string(
                        "The ServiceAccount of its namespace that every Action it starts is"
                            + " created as.")),
                p("trigger", oneOf(AUTOMATION_TRIGGERS).nullable(true)),
                p(
                    "triggerDetail",
                    nullableString()
                        .description(
                            "What the trigger watches: a blueprint, a scorecard,"
                                + " blueprint.property, a definition and phases, or a cron and"
                                + " its time zone.")),
                p("condition", nullableString().description("Its CEL condition, if any.")),
                p("effects", ref("AutomationEffects")),
                p(
                    "namespaceSelector",
                    nullableString()
                        .description(
                            "The namespaces it watches, as a selector in kubectl's syntax; null"
                                + " for its own namespace only.")),
                p("ready", type("boolean")),
                p("message", nullableString().description("Why it is not ready.")),
                p(
                    "problems",
                    arrayOf(object(p("field", string()), p("message", string())))
                        .description("What is wrong with its spec, each naming the field.")),
                p("lastFired", nullableString()),
                p(
                    "processedThrough",
                    nullableString()
                        .description(
                            "Every replayable occurrence at or before it has been handled.")),
                p(
                    "counts",
                    object(
                        p("fired", integer()),
                        p("runsStarted", integer()),
                        p("notified", integer()),
                        p("skipped", integer()),
                        p("failed", integer()))),
                p(
                    "recent",
                    arrayOf(ref("AutomationFiring"))
                        .description("The latest firings, newest first, at most 20.")),
                p(
                    "deniedNamespaces",
                    arrayOf(string())
                        .description(
                            "Selected namespaces where its ServiceAccount may not list entities,"
                                + " so it ignores them.")))
            .description(
                "An automation: a trigger, an optional CEL condition and effects (start an Action"
                    + " as its ServiceAccount, notify a webhook, record an Event)."));
    components.addSchemas(
        "AutomationList", object(p("items", arrayOf(ref("Automation"))), p("total", integer())));
    components.addSchemas(
        "DueAutomation",
        object(
                p(
                    "automation",
                    nullableString()
                        .description(
                            "namespace/name; null when it is in a namespace the caller may not"
                                + " see (then condition is null too).")),
                p("property", string("The entity property its dateTimeReached trigger reads.")),
                p(
                    "value",
                    nullableString().description("The property's value, as the entity holds it.")),
                p(
                    "dueAt",
                    nullableString()
                        .description("The instant it names (RFC 3339, UTC, to the second).")),
                p(
                    "state",
                    oneOf(List.of("Scheduled", "Due", "Fired", "NotSet", "Invalid"))
                        .description(
                            "Scheduled: ahead; Due: passed, no firing recorded yet; Fired: see"
                                + " result and run; NotSet or Invalid: nothing is scheduled.")),
                p(
                    "secondsLeft",
                    integer()
                        .nullable(true)
                        .description("Seconds from now to dueAt, negative once it passed.")),
                p("effects", ref("AutomationEffects")),
                p("condition", nullableString()),
                p("result", nullableString()),
                p("reason", nullableString()),
                p("run", nullableString()),
                p("message", nullableString()))
            .description("A date-time automation covering an entity, and when it acts on it."));
    components.addSchemas(
        "DueAutomationList",
        object(p("items", arrayOf(ref("DueAutomation"))), p("total", integer())));
    components.addSchemas(
        "NewAction",
        object(
                p("definition", string()),
                p(
                    "entity",
                    string("name or namespace/name; required for Day2 and Delete definitions.")),
                p("inputs", anyObject()),
                p(
                    "generateName",
                    string("Prefix of the generated name; defaults to \"<definition>-\".")))
            .required(List.of("definition")));
    Schema<Object> node =
        object(
            p(
                "data",
                object(
                    p("id", string()),
                    p("name", string()),
                    p("namespace", string()),
                    p("label", string()),
                    p("blueprint", string()))));
    Schema<Object> edge =
        object(
            p(
                "data",
                object(
                    p("id", string()),
                    p("source", string()),
                    p("target", string()),
                    p("relation", string()))));
    components.addSchemas(
        "Graph",
        object(
                p("nodes", arrayOf(node)),
                p("edges", arrayOf(edge)),
                p("truncated", type("boolean")),
                p(
                    "nodesLeftOut",
                    integer()
                        .description(
                            "Entities a blueprint set's cut left out; absent when not cut.")),
                p(
                    "edgesLeftOut",
                    integer()
                        .description(
                            "Relations a blueprint set's cut left out; absent when not cut.")),
                p(
                    "message",
                    string()
                        .description(
                            "What was cut and the parameters that narrow the graph; absent when"
                                + " not cut.")))
            .description(
                "Cytoscape.js elements. A blueprint set's graph keeps its 500 most connected"
                    + " entities (truncated true when cut); a neighbourhood stops at 5,000."));
    components.addSchemas(
        "ScorecardSummary",
        object(
            p("name", string()),
            p("title", string()),
            p("blueprint", string()),
            p("ready", type("boolean")),
            p("entities", integer().description("Graded entities the caller may see.")),
            p("levels", mapOf(integer()).description("Count per level, None included."))));
    components.addSchemas(
        "ScorecardList",
        object(p("items", arrayOf(ref("ScorecardSummary"))), p("total", integer())));
    Schema<Object> rule =
        object(
            p("name", string()),
            p("level", string()),
            p("title", string()),
            p("passed", integer()),
            p("failed", integer()),
            p("waived", integer()),
            p("passRate", type("number").nullable(true)));
    Schema<Object> member =
        object(
            p("namespace", string()),
            p("name", string()),
            p("title", string()),
            p("owner", string()));
    components.addSchemas(
        "ScorecardView",
        new Schema<>()
            .allOf(
                List.of(
                    ref("ScorecardSummary"),
                    object(
                        p("rules", arrayOf(rule)),
                        p(
                            "entitiesByLevel",
                            mapOf(arrayOf(member))
                                .description(
                                    "A page of the entities at each level (limit, offset, level).")),
                        p(
                            "nextOffset",
                            mapOf(integer())
                                .description(
                                    "For each level whose list goes on, the offset of its next page."))))));
    components.addSchemas(
        "ScorecardHistory",
        object(
                p("scorecard", string()),
                p(
                    "scope",
                    string()
                        .description(
                            "cluster: the stored daily history over every namespace (the caller"
                                + " may list entities in every namespace the scorecard grades);"
                                + " namespaces: only today's counts over the caller's namespaces.")),
                p(
                    "levels",
                    arrayOf(string()).description("None first, then the scorecard's order.")),
                p(
                    "points",
                    arrayOf(
                            object(
                                p("date", string().description("The UTC day, YYYY-MM-DD.")),
                                p("entities", integer()),
                                p("levels", mapOf(integer()))))
                        .description("One per UTC day, oldest first, at most 400.")),
                p(
                    "withheld",
                    string()
                        .description("Why the history is not shown; only with scope namespaces.")))
            .required(List.of("scorecard", "scope", "levels", "points")));

    Schema<Object> rate =
        type("number")
            .nullable(true)
            .description("Succeeded / (Succeeded + Failed), three decimals; null before any.");
    Schema<Object> median =
        integer()
            .nullable(true)
            .description(
                "Median seconds from a run's creation to its completionTime, over the runs that"
                    + " succeeded or failed; null before any.");
    Schema<Object> perWeek =
        arrayOf(integer()).description("Runs requested in each week, as weeks.");
    components.addSchemas(
        "AdoptionSeries",
        object(
                p("name", string()),
                p("runs", integer()),
                p("perWeek", perWeek),
                p("succeeded", integer()),
                p("failed", integer()),
                p("successRate", rate),
                p("medianSecondsToDone", median),
                p("waitingForApproval", integer()))
            .required(List.of("name", "runs", "perWeek")));
    components.addSchemas(
        "ActionAdoption",
        object(
                p(
                    "weeks",
                    arrayOf(string())
                        .description(
                            "The Mondays (YYYY-MM-DD, UTC) of the 12 weeks counted, oldest first;"
                                + " only runs created in them count.")),
                p(
                    "totals",
                    object(
                        p("runs", integer()),
                        p("perWeek", perWeek),
                        p("succeeded", integer()),
                        p("failed", integer()),
                        p("rejected", integer()),
                        p("successRate", rate),
                        p("medianSecondsToDone", median),
                        p(
                            "waitingForApproval",
                            integer()
                                .description("Runs in WaitingForApproval now, however old.")))),
                p("byDefinition", arrayOf(ref("AdoptionSeries")).description("Most runs first.")),
                p(
                    "byTeam",
                    arrayOf(ref("AdoptionSeries"))
                        .description(
                            "By the owner of the run's entity, most runs first, at most 20.")),
                p(
                    "otherTeams",
                    ref("AdoptionSeries")
                        .nullable(true)
                        .description("The teams past the first 20, summed; null when none.")))
            .required(List.of("weeks", "totals", "byDefinition", "byTeam")));
    components.addSchemas(
        "Insights",
        object(
                p("entities", integer().description("Entities in namespaces the caller may see.")),
                p(
                    "blueprints",
                    arrayOf(
                        object(
                            p("name", string()), p("title", string()), p("entities", integer())))),
                p(
                    "scorecards",
                    arrayOf(ref("ScorecardHistory"))
                        .description(
                            "Each scorecard's daily counts, under the rule of its history"
                                + " endpoint.")),
                p(
                    "actions",
                    ref("ActionAdoption")
                        .nullable(true)
                        .description("null when the portal serves no actions.")),
                p(
                    "teams",
                    arrayOf(object(p("owner", string()), p("entities", integer())))
                        .description("The 20 owners with the most visible entities.")),
                p("teamsLeftOut", integer()))
            .required(List.of("entities", "blueprints", "scorecards", "teams", "teamsLeftOut")));
    components.addSchemas(
        "TeamInsights",
        object(
                p("owner", string()),
                p("entities", integer()),
                p(
                    "trendScope",
                    string()
                        .description(
                            "What each trend covers: the scorecard over every team; the team's"
                                + " own series is a Prometheus gauge.")),
                p(
                    "scorecards",
                    arrayOf(
                        object(
                            p("name", string()),
                            p("title", string()),
                            p("blueprint", string()),
                            p("entities", integer()),
                            p("levels", mapOf(integer())),
                            p(
                                "nextLevelRules",
                                arrayOf(
                                        object(
                                            p("rule", string()),
                                            p("title", string()),
                                            p(
                                                "level",
                                                string()
                                                    .description(
                                                        "The level these entities would reach.")),
                                            p(
                                                "oneRuleAway",
                                                integer()
                                                    .description(
                                                        "Entities for which this is the only"
                                                            + " failing rule of their next level.")),
                                            p(
                                                "blocked",
                                                integer()
                                                    .description(
                                                        "Entities failing this rule at their next"
                                                            + " level."))))
                                    .description(
                                        "Most entities one rule away first, then most blocked.")),
                            p("trend", ref("ScorecardHistory"))))),
                p(
                    "initiatives",
                    arrayOf(ref("InitiativeView"))
                        .description(
                            "The initiatives covering some of the team's visible entities, by"
                                + " name; owners holds the team's counts alone.")),
                p(
                    "actions",
                    ref("ActionAdoption")
                        .nullable(true)
                        .description("The runs on the team's entities; null without actions.")))
            .required(List.of("owner", "entities", "trendScope", "scorecards", "initiatives")));
    components.addSchemas(
        "InitiativeSummary",
        object(
                p("name", string()),
                p("title", string()),
                p("description", nullableString()),
                p("scorecard", string()),
                p(
                    "target",
                    string("The target level, or how many named rules must pass.").nullable(true)),
                p("rules", arrayOf(string()).description("The named rules; empty for a level.")),
                p("startDate", string("YYYY-MM-DD (UTC).")),
                p("deadline", string("YYYY-MM-DD (UTC), the last day.")),
                p("ready", type("boolean")),
                p(
                    "phase",
                    oneOf(List.of("OnTrack", "AtRisk", "Missed", "Met"))
                        .nullable(true)
                        .description(
                            "The initiative's phase as a whole (its status); null until it is"
                                + " Ready and counted.")),
                p("phaseReason", nullableString()),
                p(
                    "covered",
                    integer()
                        .description(
                            "Covered entities the caller may see: passing + failing + waived.")),
                p("passing", integer()),
                p("failing", integer()),
                p(
                    "waived",
                    integer()
                        .description(
                            "Covered entities that reach the target only thanks to an active"
                                + " Waiver; never counted as passing, and the initiative is not"
                                + " Met while any are.")),
                p(
                    "percent",
                    integer()
                        .description("passing out of covered (waived not passing), rounded down.")),
                p(
                    "expectedPercent",
                    integer()
                        .nullable(true)
                        .description(
                            "The straight line from 0% at the start to 100% at the deadline, now;"
                                + " below it the initiative is AtRisk.")),
                p("daysLeft", integer().nullable(true)))
            .description("An initiative, counted over the entities the caller may see."));
    components.addSchemas(
        "InitiativeList",
        object(p("items", arrayOf(ref("InitiativeSummary"))), p("total", integer())));
    components.addSchemas(
        "InitiativeView",
        new Schema<>()
            .allOf(
                List.of(
                    ref("InitiativeSummary"),
                    object(
                        p(
                            "owners",
                            arrayOf(
                                    object(
                                        p("owner", string("Empty for entities with no owner.")),
                                        p("covered", integer()),
                                        p("passing", integer()),
                                        p("failing", integer()),
                                        p("waived", integer()),
                                        p("percent", integer())))
                                .description(
                                    "The owners of the covered entities the caller may see, the"
                                        + " most failing first, at most 20.")),
                        p(
                            "otherOwners",
                            object(
                                    p("owners", integer().description("How many owners.")),
                                    p("covered", integer()),
                                    p("passing", integer()),
                                    p("failing", integer()),
                                    p("waived", integer()))
                                .nullable(true)
                                .description("The owners beyond those listed, summed."))))));
    components.addSchemas(
        "InitiativeHistory",
        object(
            p("name", string()),
            p("startDate", string()),
            p("deadline", string()),
            p(
                "shown",
                type("boolean")
                    .description(
                        "Whether the points are shown: they count every namespace, so only to a"
                            + " caller who may see each namespace that held a covered entity.")),
            p("message", nullableString().description("Why the points are not shown.")),
            p(
                "points",
                arrayOf(
                        object(
                            p("date", string("YYYY-MM-DD (UTC).")),
                            p("covered", integer()),
                            p("passing", integer()),
                            p(
                                "waived",
                                integer().description("Reached the target only through a waiver.")),
                            p("percent", integer()),
                            p(
                                "expectedPercent",
                                integer()
                                    .description(
                                        "The straight line's value at the end of that day."))))
                    .description("One per day from the start to the deadline, at most 400."))));

    components.addResponses(
        "BadRequest",
        error(
            "A parameter is malformed or unknown, or a filter expression is"
                + " over a limit (error ExpressionTooExpensive)."));
    components.addResponses("Unauthorized", error("No valid bearer token."));
    components.addResponses("NotFound", error("No such resource, or the caller may not see it."));
    components.addResponses(
        "Forbidden",
        error(
            "The API server refused the request made with the caller's token"
                + " (RBAC or admission), and the message is its answer; or the caller is not among"
                + " those the action definition allows (NotAllowed); or a POST comes from another"
                + " site (CrossSiteRequest)."));
    components.addResponses(
        "UnsupportedMediaType", error("The body is not sent as application/json."));
    components.addResponses(
        "TooManyRequests",
        error(
                "The caller already has a search with a filter expression"
                    + " running; retry after the seconds in Retry-After.")
            .addHeaderObject(
                "Retry-After",
                new io.swagger.v3.oas.models.headers.Header()
                    .description("Seconds to wait before retrying.")
                    .schema(integer())));
    return components;
  }

  private static ApiResponse error(String description) {
    return new ApiResponse()
        .description(description)
        .content(
            new Content()
                .addMediaType("application/json", new MediaType().schema(ref("ApiError"))));
  }

  // Paths

  private static ApiResponse json(String description, Schema<?> schema) {
    return new ApiResponse()
        .description(description)
        .content(new Content().addMediaType("application/json", new MediaType().schema(schema)));
  }

  private static ApiResponse common(String name) {
    return new ApiResponse().$ref("#/components/responses/" + name);
  }

  private static ApiResponses responses(String okStatus, ApiResponse ok, String... errors) {
    ApiResponses responses = new ApiResponses().addApiResponse(okStatus, ok);
    for (String error : errors) {
      String status =
          switch (error) {
            case "BadRequest" -> "400";
            case "Unauthorized" -> "401";
            case "Forbidden" -> "403";
            case "NotFound" -> "404";
            case "UnsupportedMediaType" -> "415";
            case "TooManyRequests" -> "429";
            default -> throw new IllegalArgumentException(error);
          };
      responses.addApiResponse(status, common(error));
    }
    return responses;
  }

  private static Parameter path(String name) {
    return new Parameter().name(name).in("path").required(true).schema(string());
  }

  private static Parameter query(String name, String description, Schema<?> schema) {
    return new Parameter().name(name).in("query").description(description).schema(schema);
  }

  private static Parameter repeated(String name, String description) {
    return query(name, description, arrayOf(string())).explode(true);
  }

  private static Schema<Object> limit() {
    return integer()
        .minimum(java.math.BigDecimal.ONE)
        .maximum(java.math.BigDecimal.valueOf(500))
        ._default(50);
  }

  private static Operation get(String summary, ApiResponses responses, Parameter... parameters) {
    Operation operation = new Operation().summary(summary).responses(responses);
    if (parameters.length > 0) {
      operation.parameters(List.of(parameters));
    }
    return operation;
  }

  private static Paths paths() {
    Paths paths = new Paths();
    List<SecurityRequirement> none = List.of();
    paths.addPathItem(
        "/healthz",
        new PathItem()
            .get(
                get(
                        "Liveness.",
                        new ApiResponses()
                            .addApiResponse(
                                "200", new ApiResponse().description("The process runs.")))
                    .security(none)));
    paths.addPathItem(
        "/readyz",
        new PathItem()
            .get(
                get(
                        "Readiness: the catalog caches are synced and the controllers' event sources healthy.",
                        new ApiResponses()
                            .addApiResponse("200", new ApiResponse().description("Ready."))
                            .addApiResponse("503", new ApiResponse().description("Starting.")))
                    .security(none)));
    paths.addPathItem(
        "/metrics",
        new PathItem()
            .get(
                get(
                        "Prometheus metrics.",
                        new ApiResponses()
                            .addApiResponse(
                                "200",
                                new ApiResponse()
                                    .description("Prometheus text format.")
                                    .content(
                                        new Content()
                                            .addMediaType(
                                                "text/plain", new MediaType().schema(string())))))
                    .security(none)));
    paths.addPathItem(
        "/api/v1/openapi.json",
        new PathItem()
            .get(
                get(
                    "This document.",
                    responses("200", json("OpenAPI 3 document.", anyObject()), "Unauthorized"))));
    paths.addPathItem(
        "/api/v1/blueprints",
        new PathItem()
            .get(
                get(
                    "Every blueprint, with its schema, relations and entity count.",
                    responses("200", json("The blueprints.", ref("List")), "Unauthorized"))));
    paths.addPathItem(
        "/api/v1/blueprints/{name}",
        new PathItem()
            .get(
                get(
                    "One blueprint.",
                    responses(
                        "200", json("The blueprint.", ref("Resource")), "Unauthorized", "NotFound"),
                    path("name"))));
    paths.addPathItem(
        "/api/v1/entities",
        new PathItem()
            .get(
                get(
                        "Search the catalog.",
                        responses(
                            "200",
                            json("One page.", ref("SearchResult")),
                            "BadRequest",
                            "Unauthorized",
                            "TooManyRequests"),
                        repeated(
                            "blueprint",
                            "Entities of this blueprint; several values are alternatives."),
                        repeated(
                            "namespace",
                            "Entities in this namespace; several values are alternatives."),
                        repeated(
                            "owner", "Entities of this owner; several values are alternatives."),
                        repeated(
                            "label",
                            "key=value, or key alone for \"has the label\"; several must all hold."),
                        repeated(
                                "property",
                                "<property><operator><value>; operators ==, !=, >, >=, <, <= (numbers), =in="
                                    + " (comma-separated), =exists= (true or false). Blueprint defaults apply; several must all hold.")
                            .example("replicas>=2"),
                        query(
                            "relatedTo",
                            "namespace/name: entities related to it in either direction.",
                            string()),
                        query("relation", "Narrows relatedTo to one relation name.", string()),
                        repeated(
                            "level",
                            "scorecard:level, such as production-readiness:Gold; several must all hold."),
                        query(
                            "q",
                            "Case-insensitive text in the name, title or description.",
                            string()),
                        query(
                            "filter",
                            "A CEL expression over entity (with calculated and mirrored) that returns a boolean. Held"
                                + " to the expression limits: over them it is a 400 with error ExpressionTooExpensive; one filtered"
                                + " search per caller at a time (429 otherwise).",
                            string()),
                        query(
                            "sort",
                            "Comma-separated keys among name, namespace, title, blueprint, owner, properties.<name>;"
                                + " - in front for descending.",
                            string()),
                        query("limit", "Page size.", limit()),
                        query("cursor", "nextCursor of the previous page.", string()),
                        query(
                            "fields",
                            "Comma-separated paths under metadata, spec or status to keep, such as spec.title.",
                            string()),
                        query(
                            "facetLimit",
                            "How many values each facet shows, the most frequent first; 0 counts no facets.",
                            integer()
                                .minimum(java.math.BigDecimal.ZERO)
                                .maximum(java.math.BigDecimal.valueOf(1000))
                                ._default(20)),
                        query(
                            "facetPrefix.blueprint",
                            "Only blueprint facet values starting with this; the results are not narrowed.",
                            string()),
                        query(
                            "facetPrefix.namespace",
                            "Only namespace facet values starting with this; the results are not narrowed.",
                            string()),
                        query(
                            "facetPrefix.owner",
                            "Only owner facet values starting with this (the owners facetsLeftOut counted);"
                                + " the results are not narrowed.",
                            string()))
                    .description("Filters of different parameters must all hold.")));
    paths.addPathItem(
        "/api/v1/namespaces/{namespace}/entities/{name}",
        new PathItem()
            .get(
                get(
                    "One entity with its status, its relations in both directions resolved to titles, and its scorecard results.",
                    responses(
                        "200",
                        json("The entity.", ref("EntityView")),
                        "BadRequest",
                        "Unauthorized",
                        "NotFound"),
                    path("namespace"),
                    path("name"))));
    paths.addPathItem(
        "/api/v1/namespaces/{namespace}/entities/{name}/automations",
        new PathItem()
            .get(
                get(
                    "What will happen to the entity and when: the date-time automations covering it"
                        + " (their trigger names its blueprint and they watch its namespace), each"
                        + " with the instant the entity's property names, soonest first.",
                    responses(
                        "200",
                        json("The due automations.", ref("DueAutomationList")),
                        "BadRequest",
                        "Unauthorized",
                        "NotFound"),
                    path("namespace"),
                    path("name"))));
    paths.addPathItem(
        "/api/v1/scorecards",
        new PathItem()
            .get(
                get(
                    "Every scorecard with its distribution across levels, counted over the entities the caller may see.",
                    responses(
                        "200", json("The scorecards.", ref("ScorecardList")), "Unauthorized"))));
    paths.addPathItem(
        "/api/v1/scorecards/{name}",
        new PathItem()
            .get(
                get(
                    "One scorecard with each rule's pass rate and the entities at each level (visible ones only).",
                    responses(
                        "200",
                        json("The scorecard.", ref("ScorecardView")),
                        "BadRequest",
                        "Unauthorized",
                        "NotFound"),
                    path("name"),
                    query(
                        "limit",
                        "Entities listed per level; 0 lists none.",
                        integer()
                            .minimum(java.math.BigDecimal.ZERO)
                            .maximum(java.math.BigDecimal.valueOf(500))
                            ._default(50)),
                    query(
                        "offset",
                        "Where each level's list starts: a nextOffset of the previous page.",
                        integer().minimum(java.math.BigDecimal.ZERO)._default(0)),
                    query("level", "List only this level's entities.", string()))));
    paths.addPathItem(
        "/api/v1/scorecards/{name}/history",
        new PathItem()
            .get(
                get(
                    "A scorecard's level counts, one point per UTC day for up to 400 days (the"
                        + " whole history only to callers who may see every namespace it grades).",
                    responses(
                        "200",
                        json("The daily counts.", ref("ScorecardHistory")),
                        "Unauthorized",
                        "NotFound"),
                    path("name"))));
    paths.addPathItem(
        "/api/v1/insights",
        new PathItem()
            .get(
                get(
                    "For leads and executives, over what the caller may see: entities per"
                        + " blueprint, each scorecard's daily level counts, self-service adoption"
                        + " of actions over 12 weeks, and the teams with the most entities.",
                    responses(
                        "200",
                        json("The insights.", ref("Insights")),
                        "BadRequest",
                        "Unauthorized"))));
    paths.addPathItem(
        "/api/v1/insights/teams/{owner}",
        new PathItem()
            .get(
                get(
                    "One team's (an entity owner's) insights over the entities it owns in"
                        + " namespaces the caller may see: levels per scorecard, the failing rules"
                        + " that would move most of them up, each scorecard's trend, its action"
                        + " runs. 404 when the caller sees no entity it owns.",
                    responses(
                        "200",
                        json("The team's insights.", ref("TeamInsights")),
                        "BadRequest",
                        "Unauthorized",
                        "NotFound"),
                    path("owner"))));
    paths.addPathItem(
        "/api/v1/initiatives",
        new PathItem()
            .get(
                get(
                    "Every initiative with its progress, counted over the entities the caller may see.",
                    responses(
                        "200", json("The initiatives.", ref("InitiativeList")), "Unauthorized"))));
    paths.addPathItem(
        "/api/v1/initiatives/{name}",
        new PathItem()
            .get(
                get(
                    "One initiative with its progress and the owners most behind, over the entities the caller may see.",
                    responses(
                        "200",
                        json("The initiative.", ref("InitiativeView")),
                        "Unauthorized",
                        "NotFound"),
                    path("name"))));
    paths.addPathItem(
        "/api/v1/initiatives/{name}/history",
        new PathItem()
            .get(
                get(
                    "One initiative's progress per day, shown to a caller who may see every namespace it counted.",
                    responses(
                        "200",
                        json("The history.", ref("InitiativeHistory")),
                        "Unauthorized",
                        "NotFound"),
                    path("name"))));
    paths.addPathItem(
        "/api/v1/graph",
        new PathItem()
            .get(
                get(
                    "The relation graph around a root entity, or of a set of blueprints.",
                    responses(
                        "200",
                        json("Nodes and edges.", ref("Graph")),
                        "BadRequest",
                        "Unauthorized",
                        "NotFound"),
                    query("root", "namespace/name of the root entity.", string()),
                    query(
                        "depth",
                        "How many relations away from the root (1 to 5).",
                        integer()
                            .minimum(java.math.BigDecimal.ONE)
                            .maximum(java.math.BigDecimal.valueOf(5))
                            ._default(2)),
                    repeated(
                        "relation",
                        "Follow only these relation names (comma-separated or repeated)."),
                    repeated("blueprint", "Without root, every entity of these blueprints."))));
    paths.addPathItem(
        "/api/v1/actiondefinitions",
        new PathItem()
            .get(
                get(
                    "Every action definition, with its input schema.",
                    responses(
                        "200",
                        json("The definitions.", ref("ActionDefinitionList")),
                        "Unauthorized"))));
    paths.addPathItem(
        "/api/v1/actiondefinitions/{name}",
        new PathItem()
            .get(
                get(
                    "One action definition.",
                    responses(
                        "200",
                        json("The definition.", ref("ActionDefinitionView")),
                        "Unauthorized",
                        "NotFound"),
                    path("name"))));
    paths.addPathItem(
        "/api/v1/actions",
        new PathItem()
            .get(
                get(
                    "Action runs in the namespaces the caller may see, newest first.",
                    responses(
                        "200",
                        json("The runs.", ref("ActionRunList")),
                        "BadRequest",
                        "Unauthorized"),
                    query("namespace", null, string()),
                    query("definition", null, string()),
                    query("phase", null, oneOf(PHASES)),
                    query("requester", "The user name that created the run.", string()),
                    query("entity", "namespace/name of the entity acted on.", string()),
                    query("limit", "How many runs.", limit()))));
    paths.addPathItem(
        "/api/v1/waivers",
        new PathItem()
            .get(
                get(
                    "Waivers in the namespaces the caller may see, by namespace and name.",
                    responses(
                        "200",
                        json("The waivers.", ref("WaiverList")),
                        "BadRequest",
                        "Unauthorized"),
                    query("namespace", null, string()),
                    query("scorecard", null, string()),
                    query(
                        "phase",
                        null,
                        oneOf(List.of("Pending", "Active", "Rejected", "Expired", "Invalid"))))));
    paths.addPathItem(
        "/api/v1/namespaces/{namespace}/waivers/{name}",
        new PathItem()
            .get(
                get(
                    "One waiver with its phase, requester, approver and expiry.",
                    responses(
                        "200", json("The waiver.", ref("Waiver")), "Unauthorized", "NotFound"),
                    path("namespace"),
                    path("name"))));
    paths.addPathItem(
        "/api/v1/automations",
        new PathItem()
            .get(
                get(
                    "Automations in the namespaces the caller may see, by namespace and name, with"
                        + " their counts and recent firings.",
                    responses(
                        "200",
                        json("The automations.", ref("AutomationList")),
                        "BadRequest",
                        "Unauthorized"),
                    query("namespace", null, string()),
                    query("trigger", null, oneOf(AUTOMATION_TRIGGERS)))));
    paths.addPathItem(
        "/api/v1/namespaces/{namespace}/automations/{name}",
        new PathItem()
            .get(
                get(
                    "One automation with its trigger, effects, readiness and recent firings.",
                    responses(
                        "200",
                        json("The automation.", ref("Automation")),
                        "BadRequest",
                        "Unauthorized",
                        "NotFound"),
                    path("namespace"),
                    path("name"))));
    paths.addPathItem(
        "/api/v1/namespaces/{namespace}/actions",
        new PathItem()
            .post(
                new Operation()
                    .summary(
                        "Run an action as the caller: the Action is created with the caller's own token, so RBAC and the"
                            + " admission webhook apply exactly as for kubectl.")
                    .parameters(List.of(path("namespace")))
                    .requestBody(
                        new RequestBody()
                            .required(true)
                            .content(
                                new Content()
                                    .addMediaType(
                                        "application/json",
                                        new MediaType().schema(ref("NewAction")))))
                    .responses(
                        responses(
                            "201",
                            json(
                                "The new run: the API server's dry run and the operator's checks"
                                    + " passed, so it can run.",
                                ref("ActionRun")),
                            "BadRequest",
                            "Unauthorized",
                            "Forbidden",
                            "NotFound",
                            "UnsupportedMediaType"))));
    paths.addPathItem(
        "/api/v1/namespaces/{namespace}/actions/{name}",
        new PathItem()
            .get(
                get(
                    "One run with its phase, requester, approver, timings and outputs.",
                    responses(
                        "200", json("The run.", ref("ActionRun")), "Unauthorized", "NotFound"),
                    path("namespace"),
                    path("name"))));
    paths.addPathItem(
        "/api/v1/namespaces/{namespace}/actions/{name}/log",
        new PathItem()
            .get(
                get(
                    "The log of the run's newest Pod (last 1,000 lines), read with the caller's token (RBAC on pods/log"
                        + " applies).",
                    responses(
                        "200",
                        new ApiResponse()
                            .description("The log.")
                            .content(
                                new Content()
                                    .addMediaType("text/plain", new MediaType().schema(string()))),
                        "Unauthorized",
                        "Forbidden",
                        "NotFound"),
                    path("namespace"),
                    path("name"))));
    paths.addPathItem(
        "/api/v1/namespaces/{namespace}/actions/{name}/decision",
        new PathItem()
            .post(
                new Operation()
                    .summary(
                        "Approve or reject a waiting run as the caller: the decision is written with the caller's token,"
                            + " so the admission webhook decides whether the caller is an approver.")
                    .parameters(List.of(path("namespace"), path("name")))
                    .requestBody(
                        new RequestBody()
                            .required(true)
                            .content(
                                new Content()
                                    .addMediaType(
                                        "application/json",
                                        new MediaType()
                                            .schema(
                                                object(
                                                        p(
                                                            "decision",
                                                            oneOf(List.of("approved", "rejected"))))
                                                    .required(List.of("decision"))))))
                    .responses(
                        responses(
                            "200",
                            json("The run with the decision recorded.", ref("ActionRun")),
                            "BadRequest",
                            "Unauthorized",
                            "Forbidden",
                            "NotFound",
                            "UnsupportedMediaType"))));
    return paths;
  }
}
