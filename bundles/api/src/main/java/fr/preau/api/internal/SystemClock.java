package fr.preau.api.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The box's {@link Clock} service: every component takes time from it (DESIGN.md §4), so
 * deadlines and retention are testable with a fixed clock.
 */
@Component(service = Clock.class, configurationPid = "fr.preau.clock")
@Designate(ocd = SystemClock.Config.class)
public final class SystemClock extends Clock {

    @ObjectClassDefinition(name = "Préau – horloge")
    public @interface Config {
        @AttributeDefinition(description = "Time zone of the school")
        String zone() default "Europe/Paris";
    }

    private final Clock delegate;

    @Activate
    public SystemClock(Config config) {
        this(ZoneId.of(config.zone()));
    }

    SystemClock(ZoneId zone) {
        this.delegate = Clock.system(zone);
    }

    @Override
    public ZoneId getZone() {
        return delegate.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return delegate.withZone(zone);
    }

    @Override
    public Instant instant() {
        return delegate.instant();
    }

    @Override
    public long millis() {
        return delegate.millis();
    }
}
