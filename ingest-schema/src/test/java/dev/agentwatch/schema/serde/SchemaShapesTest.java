package dev.agentwatch.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.MetricEvent;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class SchemaShapesTest {

    @Test
    void ourSchemasHaveNoZeroByteArrayItems() {
        assertThat(SchemaShapes.arrayItemsTakeBytes(MetricEvent.getClassSchema())).isTrue();
        assertThat(SchemaShapes.arrayItemsTakeBytes(AlertEvent.getClassSchema())).isTrue();
    }

    @Test
    void findsZeroByteItemsWhereverTheyHide() {
        Schema emptyRecord = SchemaBuilder.record("Empty").fields().name("n").type().nullType().noDefault().endRecord();
        assertThat(SchemaShapes.arrayItemsTakeBytes(SchemaBuilder.array().items().nullType())).isFalse();
        assertThat(SchemaShapes.arrayItemsTakeBytes(SchemaBuilder.array().items(emptyRecord))).isFalse();
        assertThat(SchemaShapes.arrayItemsTakeBytes(
                SchemaBuilder.map().values(SchemaBuilder.array().items(Schema.createFixed("F0", null, null, 0)))))
                .isFalse();
        assertThat(SchemaShapes.arrayItemsTakeBytes(SchemaBuilder.array().items(
                SchemaBuilder.unionOf().nullType().and().stringType().endUnion()))).isTrue();
    }

    @Test
    void handlesRecursiveSchemas() {
        Schema list = new Schema.Parser().parse("""
                {"type":"record","name":"Node","fields":[
                  {"name":"value","type":"int"},
                  {"name":"next","type":["null","Node"]},
                  {"name":"children","type":{"type":"array","items":"Node"}}]}""");
        assertThat(SchemaShapes.arrayItemsTakeBytes(list)).isTrue();
    }
}
