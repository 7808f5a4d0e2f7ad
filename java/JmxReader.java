import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.management.AttributeNotFoundException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanException;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.ReflectionException;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The JMXObserver's helper: reads MBean attributes of one JVM and reports them as lines.
 *
 * Usage: JmxReader HOST PORT INTERVAL_MS 'MBEAN::ATTRIBUTE'...
 *        JmxReader pid PID INTERVAL_MS 'MBEAN::ATTRIBUTE'...
 *
 * Line protocol. Standard output:
 *   CONNECTED <service url>   once, when the connection is up
 *   VALUES <json array>       the attribute values in argument order, printed only when they differ
 *                             from the previous VALUES line; a value that cannot be read is one of
 *                             "<missing>", "<mbean-error>", "<reflection-error>", "<io-error>"
 * Standard error:
 *   ERROR <message>           a fatal error; the helper then exits with code 1
 * Standard input: a line "EXIT", or the end of input, stops the helper (exit code 0), so it never
 * outlives the driver that started it.
 */
public final class JmxReader {
    private static final String LOCAL_CONNECTOR = "com.sun.management.jmxremote.localConnectorAddress";

    private JmxReader() {}

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Fatal e) {
            System.err.println("ERROR " + e.getMessage().replaceAll("\\s*\\R\\s*", " "));
            System.err.flush();
            System.exit(1);
        }
    }

    private static final class Fatal extends Exception {
        Fatal(String message) {
            super(message);
        }
    }

    private static void run(String[] args) throws Fatal {
        if (args.length < 4) {
            throw new Fatal("Expected arguments: <host> <port> | pid <pid>, then <interval_ms> '<mbean>::<attribute>'...");
        }
        long interval;
        try {
            interval = Long.parseLong(args[2]);
        } catch (NumberFormatException e) {
            throw new Fatal("Interval is not a number: " + args[2]);
        }
        List<ObjectName> names = new ArrayList<>();
        List<String> attributes = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            int sep = args[i].lastIndexOf("::");
            if (sep <= 0 || sep + 2 >= args[i].length()) {
                throw new Fatal("Attribute[" + (i - 3) + "]: expected '<mbean>::<attribute>', got " + args[i]);
            }
            try {
                names.add(new ObjectName(args[i].substring(0, sep)));
            } catch (MalformedObjectNameException e) {
                throw new Fatal("Attribute[" + (i - 3) + "]: Malformed name: " + e.getMessage());
            }
            attributes.add(args[i].substring(sep + 2));
        }

        JMXServiceURL url = "pid".equals(args[0]) ? attach(args[1]) : remote(args[0], args[1]);
        Thread stdin = watchStdin();
        JMXConnector connector;
        try {
            connector = JMXConnectorFactory.connect(url);
        } catch (IOException e) {
            throw new Fatal("I/O Error: cannot connect to " + url + ": " + rootMessage(e));
        } catch (SecurityException e) {
            throw new Fatal("Access denied by " + url + ": " + rootMessage(e));
        }
        try (connector) {
            MBeanServerConnection connection = connector.getMBeanServerConnection();
            emit("CONNECTED " + url);
            String previous = null;
            while (stdin.isAlive()) {
                StringBuilder line = new StringBuilder("[");
                for (int i = 0; i < names.size(); i++) {
                    if (i > 0) line.append(", ");
                    line.append(read(connection, names.get(i), attributes.get(i)));
                }
                line.append(']');
                String text = line.toString();
                if (!text.equals(previous)) emit("VALUES " + text);
                previous = text;
                stdin.join(interval);
            }
        } catch (IOException e) {
            throw new Fatal("I/O Error: lost the connection to " + url + ": " + rootMessage(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The innermost cause's message, on one line: JMX wraps the reason in several layers. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replaceAll("\\s*\\R\\s*", " ");
    }

    private static JMXServiceURL remote(String host, String port) throws Fatal {
        try {
            return new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + host + ":" + Integer.parseInt(port) + "/jmxrmi");
        } catch (NumberFormatException e) {
            throw new Fatal("Port is not a number: " + port);
        } catch (IOException e) {
            throw new Fatal("Invalid address " + host + ":" + port + ": " + e.getMessage());
        }
    }

    /** Loads the management agent into the target JVM and returns its local connector address. */
    private static JMXServiceURL attach(String pid) throws Fatal {
        if (!pid.matches("\\d+")) throw new Fatal("Not a process id: " + pid);
        try {
            requireJvm(pid);
            com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(pid);
            try {
                String address = vm.getAgentProperties().getProperty(LOCAL_CONNECTOR);
                if (address == null) address = vm.startLocalManagementAgent();
                return new JMXServiceURL(address);
            } finally {
                vm.detach();
            }
        } catch (com.sun.tools.attach.AttachNotSupportedException e) {
            throw new Fatal("The target process does not support attach: " + rootMessage(e));
        } catch (IOException e) {
            throw new Fatal("I/O Error: " + rootMessage(e));
        } catch (NoClassDefFoundError e) {
            throw new Fatal("Attaching by pid needs a JDK with the jdk.attach module");
        }
    }

    /**
     * Attaching signals the target (SIGQUIT) to start its attach listener, which ends a process
     * that is not a JVM: where /proc tells, anything else is refused first.
     */
    private static void requireJvm(String pid) throws Fatal {
        Path proc = Paths.get("/proc", pid);
        if (!Files.isDirectory(Paths.get("/proc", "self"))) return;
        if (!Files.isDirectory(proc)) throw new Fatal("No such process: " + pid);
        String maps;
        try {
            maps = new String(Files.readAllBytes(proc.resolve("maps")), StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            // Without access to its memory map, a JVM still shows in the list of attachable JVMs.
            for (com.sun.tools.attach.VirtualMachineDescriptor vm : com.sun.tools.attach.VirtualMachine.list()) {
                if (vm.id().equals(pid)) return;
            }
            throw new Fatal("Process " + pid + " is not a Java virtual machine this user can attach to");
        }
        if (!maps.contains("libjvm.so")) throw new Fatal("Process " + pid + " is not a Java virtual machine");
    }

    /** A daemon thread that ends at the end of standard input or at a line "EXIT". */
    private static Thread watchStdin() {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.trim().equals("EXIT")) return;
                }
            } catch (IOException e) {
                // A closed standard input means the same as EXIT.
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String read(MBeanServerConnection connection, ObjectName name, String attribute) throws IOException {
        try {
            return json(connection.getAttribute(name, attribute));
        } catch (InstanceNotFoundException | AttributeNotFoundException e) {
            return "\"<missing>\"";
        } catch (MBeanException | RuntimeMBeanException e) {
            return "\"<mbean-error>\"";
        } catch (ReflectionException e) {
            return "\"<reflection-error>\"";
        } catch (RuntimeException e) {
            return "\"<mbean-error>\"";
        }
    }

    private static void emit(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** JSON for what JMX attributes hold: numbers, strings, open data, arrays and collections. */
    static String json(Object v) {
        if (v == null) return "null";
        if (v instanceof Boolean) return v.toString();
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d) ? v.toString() : "null";
        }
        if (v instanceof Number) return v.toString();
        if (v instanceof CompositeData) {
            CompositeData c = (CompositeData) v;
            StringBuilder b = new StringBuilder("{");
            boolean first = true;
            for (String key : c.getCompositeType().keySet()) {
                if (!first) b.append(", ");
                first = false;
                b.append(string(key)).append(": ").append(json(c.get(key)));
            }
            return b.append('}').toString();
        }
        if (v instanceof TabularData) return json(((TabularData) v).values());
        if (v instanceof Map) {
            StringBuilder b = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (!first) b.append(", ");
                first = false;
                b.append(string(String.valueOf(e.getKey()))).append(": ").append(json(e.getValue()));
            }
            return b.append('}').toString();
        }
        if (v instanceof Collection) return json(((Collection<?>) v).toArray());
        if (v.getClass().isArray()) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < Array.getLength(v); i++) {
                if (i > 0) b.append(", ");
                b.append(json(Array.get(v, i)));
            }
            return b.append(']').toString();
        }
        return string(v.toString());
    }

    private static String string(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
