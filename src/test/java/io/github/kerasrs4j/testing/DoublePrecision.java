package io.github.kerasrs4j.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs a test class with ND4J's default types set to DOUBLE, as GradientCheckUtil demands, and
 * restores them afterwards: the setting is JVM-global and the whole suite shares one JVM.
 */
public class DoublePrecision implements BeforeAllCallback, AfterAllCallback {

    private DataType previousDefault;
    private DataType previousFloatingPoint;

    @Override
    public void beforeAll(ExtensionContext context) {
        previousDefault = Nd4j.dataType();
        previousFloatingPoint = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Nd4j.setDefaultDataTypes(previousDefault, previousFloatingPoint);
    }
}
