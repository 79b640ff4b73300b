package fr.preau.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.karaf.features.BootFinished;
import org.apache.karaf.features.BundleInfo;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** The box is ready once the boot features are installed and every module bundle is active; then it stays ready. */
class BootReadinessTest {

    final BundleContext context = mock(BundleContext.class);
    final FeaturesService features = mock(FeaturesService.class);
    final Bundle mail = mock(Bundle.class);
    final AtomicLong now = new AtomicLong();

    BootReadinessTest() throws Exception {
        Feature feature = mock(Feature.class);
        BundleInfo info = mock(BundleInfo.class);
        when(feature.getName()).thenReturn("preau-mail");
        when(info.getLocation()).thenReturn("mvn:fr.preau/fr.preau.mail/1");
        when(feature.getBundles()).thenReturn(List.of(info));
        Feature karafs = mock(Feature.class);
        when(karafs.getName()).thenReturn("deployer");
        when(features.listInstalledFeatures()).thenReturn(new Feature[] {karafs, feature});
        when(context.getBundle("mvn:fr.preau/fr.preau.mail/1")).thenReturn(mail);
        when(mail.getSymbolicName()).thenReturn("fr.preau.mail");
        when(mail.getHeaders()).thenReturn(new Hashtable<>());
        when(mail.getState()).thenReturn(Bundle.STARTING);
    }

    @Test
    void waitsForTheBootFeaturesThenForEachModuleToStartThenStaysReady() {
        BootReadiness check = new BootReadiness(context, now::get);
        assertEquals(Optional.of("the features service has not started yet"), check.problem());
        check.bind(features, null);
        assertEquals(Optional.of("the default modules are being installed"), check.problem());
        check.bind(features, mock(BootFinished.class));
        assertEquals(Optional.of("modules starting: fr.preau.mail"), check.problem());
        when(mail.getState()).thenReturn(Bundle.ACTIVE);
        assertEquals(Optional.empty(), check.problem());
        // later changes are the console's business
        when(mail.getState()).thenReturn(Bundle.RESOLVED);
        assertEquals(Optional.empty(), check.problem());
    }

    @Test
    void aModuleThatNeverStartsIsNoLongerWaitedForAfterTwoMinutes() {
        BootReadiness check = new BootReadiness(context, now::get);
        check.bind(features, mock(BootFinished.class));
        assertTrue(check.problem().isPresent());
        now.addAndGet(TimeUnit.SECONDS.toNanos(119));
        assertTrue(check.problem().isPresent());
        now.addAndGet(TimeUnit.SECONDS.toNanos(2));
        assertEquals(Optional.empty(), check.problem());
    }
}
