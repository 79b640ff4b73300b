package fr.preau.mail.internal;

import java.util.function.Supplier;

import org.apache.james.metrics.api.Gauge;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.TimeMetric;
import org.reactivestreams.Publisher;

/** James's metrics API has no no-op implementation in the embedded jars: this one counts nothing. */
final class NoMetrics implements MetricFactory, GaugeRegistry {

    private static final Metric METRIC = new Metric() {
        @Override public void increment() { }
        @Override public void decrement() { }
        @Override public void add(int value) { }
        @Override public void remove(int value) { }
        @Override public long getCount() { return 0; }
    };

    @Override
    public Metric generate(String name) {
        return METRIC;
    }

    @Override
    public TimeMetric timer(String name) {
        return new TimeMetric() {
            @Override public String name() { return name; }
            @Override public ExecutionResult stopAndPublish() {
                return new ExecutionResult() {
                    @Override public java.time.Duration elasped() { return java.time.Duration.ZERO; }
                    @Override public ExecutionResult logWhenExceedP99(java.time.Duration threshold) { return this; }
                };
            }
        };
    }

    @Override
    public <T> Publisher<T> decoratePublisherWithTimerMetric(String name, Publisher<T> publisher) {
        return publisher;
    }

    @Override
    public <T> Publisher<T> decoratePublisherWithTimerMetricLogP99(String name, Publisher<T> publisher) {
        return publisher;
    }

    @Override
    public <T> T decorateSupplierWithTimerMetric(String name, Supplier<T> supplier) {
        return supplier.get();
    }

    @Override
    public <T> GaugeRegistry register(String name, Gauge<T> gauge) {
        return this;
    }

    @Override
    public <T> SettableGauge<T> settableGauge(String name) {
        return value -> { };
    }
}
