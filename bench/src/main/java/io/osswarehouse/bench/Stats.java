package io.osswarehouse.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Samples of one figure over the runs: median, min and max. */
public final class Stats {
  private final List<Double> values = new ArrayList<>();

  public Stats add(double v) {
    values.add(v);
    return this;
  }

  public int count() {
    return values.size();
  }

  public double median() {
    List<Double> s = sorted();
    int n = s.size();
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  public double min() {
    return values.isEmpty() ? Double.NaN : Collections.min(values);
  }

  public double max() {
    return values.isEmpty() ? Double.NaN : Collections.max(values);
  }

  private List<Double> sorted() {
    List<Double> s = new ArrayList<>(values);
    Collections.sort(s);
    return s;
  }

  public Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("median", median());
    m.put("min", min());
    m.put("max", max());
    m.put("samples", List.copyOf(values));
    return m;
  }
}
