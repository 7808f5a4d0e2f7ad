import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * The JVM that the JMXObserver tests read: registers `pdt.test:type=Target` with known
 * attribute values, prints READY, then runs until killed or until standard input closes.
 */
public final class JmxTarget {
    public interface TargetMBean {
        int getAnswer();
        long getCounter();
        String getLabel();
        double getRatio();
        int getBroken();
    }

    public static final class Target implements TargetMBean {
        private final AtomicLong counter = new AtomicLong();

        public int getAnswer() { return 42; }
        public long getCounter() { return counter.incrementAndGet(); }
        public String getLabel() { return "hello \"jmx\""; }
        public double getRatio() { return 0.25; }
        public int getBroken() { throw new IllegalStateException("broken on purpose"); }
    }

    public static void main(String[] args) throws Exception {
        ManagementFactory.getPlatformMBeanServer().registerMBean(
            new StandardMBean(new Target(), TargetMBean.class), new ObjectName("pdt.test:type=Target"));
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        if (args.length > 0 && args[0].equals("--until-stdin-closes")) {
            while (System.in.read() >= 0) {
                // Lines are ignored: only the end of input matters.
            }
            return;
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
