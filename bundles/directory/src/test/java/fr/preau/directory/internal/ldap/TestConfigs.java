package fr.preau.directory.internal.ldap;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** {@link LdapSettings.Config} instances as DS would build them: the annotation's defaults, some values changed. */
final class TestConfigs {

    private TestConfigs() {
    }

    /** @param values name → value, alternately ({@code "url", "ldap://…", "page_size", 2}) */
    static LdapSettings.Config config(Object... values) {
        Map<String, Object> given = new HashMap<>();
        for (int i = 0; i < values.length; i += 2) {
            given.put((String) values[i], values[i + 1]);
        }
        return (LdapSettings.Config) Proxy.newProxyInstance(TestConfigs.class.getClassLoader(),
                new Class<?>[] {LdapSettings.Config.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    switch (name) {
                        case "annotationType":
                            return LdapSettings.Config.class;
                        case "toString":
                            return "Config" + given.keySet();
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            if (given.containsKey(name)) {
                                return given.get(name);
                            }
                            return method.getDefaultValue();
                    }
                });
    }
}
