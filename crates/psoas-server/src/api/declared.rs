//! The rules the server enforces that `#[derive(ToSchema)]` cannot say, written into the
//! OpenAPI document from the same constants the core checks with: ranges that depend on
//! the year, text patterns, answers required by other answers, and the import's archive
//! schema (published by `psoas-exchange`). A client generated from the document then
//! refuses what the server would refuse, before sending it.

use psoas_core::BirthYear;
use psoas_core::inclinometer::{MAX_SAMPLES, MIN_SAMPLES, MIN_ZERO_SAMPLES};
use psoas_core::units::{BodyHeight, LegLength};
use psoas_exchange::schema::{
    NAME_PATTERN, NOT_BLANK_PATTERN, NOTE_PATTERN, ONE_LINE_PATTERN, archive_parts,
};
use serde_json::{Map, Value, json};

/// The component the import body refers to; its parts are `Archive<Part>`.
pub const ARCHIVE_SCHEMA: &str = "Archive";

/// Adds the declarations to a generated document, for birth years up to `current_year`.
pub fn declare(document: &mut Value, current_year: i16) {
    let schemas = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
        .expect("the document has component schemas");
    for name in ["NewProfile", "ProfilePatch"] {
        profile_rules(schema(schemas, name), current_year);
    }
    merge(
        property(schema(schemas, "NewNoteInput"), "text"),
        json!({"pattern": NOTE_PATTERN}),
    );
    void_rules(schema(schemas, "NewVoid"));
    measurement_rules(schema(schemas, "NewMeasurement"));
    symptoms_rules(schema(schemas, "SymptomsInput"));
    exercise_rules(schema(schemas, "NewExercise"));
    merge(
        property(schema(schemas, "NewLift"), "series"),
        json!({"properties": {
            "zero": {"minItems": MIN_ZERO_SAMPLES},
            "samples": {"minItems": MIN_SAMPLES, "maxItems": MAX_SAMPLES},
        }}),
    );
    for (part, mut part_schema) in archive_parts() {
        rewrite_refs(&mut part_schema);
        schemas.insert(component_name(&part), part_schema);
    }
    let import = document
        .pointer_mut("/paths/~1api~1v1~1import/post/requestBody/content/application~1json")
        .and_then(Value::as_object_mut)
        .expect("the document describes the import body");
    import.insert(
        "schema".into(),
        json!({"$ref": format!("#/components/schemas/{ARCHIVE_SCHEMA}")}),
    );
}

fn component_name(part: &str) -> String {
    if part == ARCHIVE_SCHEMA {
        part.to_string()
    } else {
        format!("{ARCHIVE_SCHEMA}{part}")
    }
}

/// Points the archive's `#/$defs/<Part>` references at the document's components.
fn rewrite_refs(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match (key.as_str(), child) {
                    ("$ref", Value::String(target)) => {
                        if let Some(part) = target.strip_prefix("#/$defs/") {
                            *target = format!("#/components/schemas/{}", component_name(part));
                        }
                    }
                    (_, child) => rewrite_refs(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

fn schema<'a>(schemas: &'a mut Map<String, Value>, name: &str) -> &'a mut Map<String, Value> {
    schemas
        .get_mut(name)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("the document has a {name} schema"))
}

fn property<'a>(schema: &'a mut Map<String, Value>, name: &str) -> &'a mut Map<String, Value> {
    schema
        .get_mut("properties")
        .and_then(|p| p.get_mut(name))
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("the schema has a {name} property"))
}

fn merge(target: &mut Map<String, Value>, extra: Value) {
    let Value::Object(extra) = extra else {
        unreachable!("declarations are objects")
    };
    target.extend(extra);
}

/// Adds one more condition to a schema's `allOf`.
fn require(schema: &mut Map<String, Value>, condition: Value) {
    schema
        .entry("allOf")
        .or_insert_with(|| Value::Array(Vec::new()))
        .as_array_mut()
        .expect("allOf is a list")
        .push(condition);
}

fn profile_rules(schema: &mut Map<String, Value>, current_year: i16) {
    merge(property(schema, "name"), json!({"pattern": NAME_PATTERN}));
    merge(
        property(schema, "birth_year"),
        json!({"minimum": BirthYear::EARLIEST, "maximum": current_year}),
    );
    merge(
        property(schema, "leg_length_cm"),
        json!({"minimum": LegLength::MIN_CM, "maximum": LegLength::MAX_CM}),
    );
    merge(
        property(schema, "body_height_cm"),
        json!({"minimum": BodyHeight::MIN_CM, "maximum": BodyHeight::MAX_CM}),
    );
}

fn void_rules(schema: &mut Map<String, Value>) {
    let note = property(schema, "note");
    // The pattern counts the trimmed words, as the core does; a raw maxLength would not.
    note.remove("maxLength");
    merge(note, json!({"pattern": ONE_LINE_PATTERN}));
    require(
        schema,
        json!({
            "if": {"required": ["reason"], "properties": {"reason": {"const": "other"}}},
            "then": {"required": ["note"],
                     "properties": {"note": {"type": "string", "pattern": NOT_BLANK_PATTERN}}},
        }),
    );
}

fn measurement_rules(schema: &mut Map<String, Value>) {
    require(
        schema,
        json!({
            "if": {"required": ["hurt"], "properties": {"hurt": {"const": true}}},
            "else": {"required": ["value"], "properties": {"value": {"not": {"type": "null"}}}},
        }),
    );
}

fn symptoms_rules(schema: &mut Map<String, Value>) {
    require(
        schema,
        json!({
            "if": {"required": ["situps_per_week"],
                   "properties": {"situps_per_week": {"minimum": 1}}},
            "then": {"required": ["extension_after_situps"],
                     "properties": {"extension_after_situps": {"type": "boolean"}}},
        }),
    );
}

fn exercise_rules(schema: &mut Map<String, Value>) {
    let none_done = json!({"required": ["outcome"],
                           "properties": {"outcome": {"enum": ["skipped", "not_needed"]}}});
    let variants =
        |names: [&str; 2]| json!({"properties": {"variant": {"enum": [names[0], names[1], null]}}});
    // Left out, the outcome is `completed`: an exercise done names which.
    require(
        schema,
        json!({
            "if": none_done,
            "then": {"properties": {"seconds": {"maximum": 0}}},
            "else": {"required": ["variant"], "properties": {"variant": {"not": {"type": "null"}}}},
        }),
    );
    require(
        schema,
        json!({
            "if": {"required": ["outcome"], "properties": {"outcome": {"const": "stopped"}}},
            "then": {"required": ["seconds"], "properties": {"seconds": {"type": "integer"}}},
        }),
    );
    require(
        schema,
        json!({
            "if": {"required": ["step"], "properties": {"step": {"const": "stretch"}}},
            "then": variants(["edge_of_bed", "foam_roller"]),
            "else": variants(["abdomen_strong_side", "glute_weak_side"]),
        }),
    );
}
