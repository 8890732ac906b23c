// Draws the graph in #graph from its data-elements (Cytoscape.js elements as the API's graph
// service answers them, each node with a colour index and the href of its entity page).
(() => {
  function colour(index) {
    const value = getComputedStyle(document.documentElement).getPropertyValue('--bp-' + index).trim();
    return value || '#6b7280';
  }

  const FONT = '11px system-ui, sans-serif';
  const ROW = 72; // between the rows of one layer: a node, its label and a gap
  const LAYER = 110; // between layers, so that the edges and their labels have room
  const GAP = 28; // between two labels side by side
  const SPREAD = 160; // at most this much room added to each slot of a row with room to spare

  // The width of each label as the canvas draws it, so that no two labels overlap.
  function labelWidths(nodes) {
    const context = document.createElement('canvas').getContext('2d');
    context.font = FONT;
    const widths = new Map();
    nodes.forEach((node) => widths.set(node.id(), Math.ceil(context.measureText(node.data('label') || '').width)));
    return widths;
  }

  // A blueprint's layer: the longest chain of relations from it to a blueprint that relates to
  // none (teams at the top, then systems, services, ...); a cycle is cut where it closes.
  function blueprintLayers(cy) {
    const targets = new Map();
    cy.edges().forEach((edge) => {
      const from = edge.source().data('blueprint') || '';
      const to = edge.target().data('blueprint') || '';
      if (from !== to) {
        if (!targets.has(from)) targets.set(from, new Set());
        targets.get(from).add(to);
      }
    });
    const depth = new Map();
    const visiting = new Set();
    function rank(blueprint) {
      if (depth.has(blueprint)) return depth.get(blueprint);
      if (visiting.has(blueprint)) return 0;
      visiting.add(blueprint);
      let best = 0;
      [...(targets.get(blueprint) || [])].sort().forEach((to) => { best = Math.max(best, rank(to) + 1); });
      visiting.delete(blueprint);
      depth.set(blueprint, best);
      return best;
    }
    const blueprints = [...new Set(cy.nodes().map((node) => node.data('blueprint') || ''))].sort();
    blueprints.forEach(rank);
    // Layers in order from the top, the blueprints of one depth each a layer of their own.
    return blueprints.sort((a, b) => depth.get(a) - depth.get(b) || a.localeCompare(b));
  }

  // A layered layout computed from the data alone, so every load draws the same picture: one band
  // per blueprint, wrapped into rows as wide as the container, each node in a slot as wide as its
  // label; within a band the nodes follow the average place of their neighbours above (fewer
  // crossings), ties by label and id.
  function layered(cy, width) {
    const widths = labelWidths(cy.nodes());
    const order = new Map();
    const positions = {};
    let y = 0;
    let placed = 0;
    for (const blueprint of blueprintLayers(cy)) {
      const nodes = cy.nodes().filter((node) => (node.data('blueprint') || '') === blueprint).toArray();
      const weight = (node) => {
        const above = node.neighborhood('node').toArray().filter((n) => order.has(n.id())).map((n) => order.get(n.id()));
        return above.length ? above.reduce((a, b) => a + b, 0) / above.length : Number.MAX_SAFE_INTEGER;
      };
      nodes.sort((a, b) => weight(a) - weight(b) || (a.data('label') || '').localeCompare(b.data('label') || '') || a.id().localeCompare(b.id()));
      // Rows as wide as the box; a row with room to spare spreads its nodes (up to a bound) and
      // is centred, so that a band of a few nodes does not crowd its edges into one corner.
      const rows = [[]];
      let used = 0;
      for (const node of nodes) {
        const slot = Math.max(widths.get(node.id()) + GAP, 70);
        if (rows[rows.length - 1].length > 0 && used + slot > width) {
          rows.push([]);
          used = 0;
        }
        rows[rows.length - 1].push({ node, slot });
        used += slot;
      }
      rows.forEach((row, index) => {
        const natural = row.reduce((sum, cell) => sum + cell.slot, 0);
        const extra = Math.max(0, Math.min((width - natural) / row.length, SPREAD));
        let x = (width - natural - extra * row.length) / 2;
        for (const cell of row) {
          const slot = cell.slot + extra;
          positions[cell.node.id()] = { x: x + slot / 2, y };
          order.set(cell.node.id(), placed++);
          x += slot;
        }
        if (index < rows.length - 1) {
          y += ROW;
        }
      });
      y += LAYER;
    }
    return { name: 'preset', positions, fit: true, padding: 30, animate: false };
  }

  // A run of the force layout is made repeatable by a seeded generator in place of Math.random.
  function seeded(run) {
    let state = 0x2f6b3a1d;
    const random = Math.random;
    Math.random = () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    try {
      run();
    } finally {
      Math.random = random;
    }
  }

  // A neighbourhood is laid out in rings around its root; a graph grouped by owner (a cut one) by
  // force, seeded; any other set of blueprints in layers.
  function layout(cy, container, small) {
    const root = container.dataset.root;
    if (root && cy.getElementById(root).nonempty()) {
      return { name: 'breadthfirst', roots: cy.getElementById(root), directed: false, circle: small, spacingFactor: small ? 1.1 : 1.3,
        animate: false, padding: 30 };
    }
    if (cy.nodes(':parent').nonempty()) {
      return { name: 'cose', animate: false, randomize: true, padding: 30, nodeRepulsion: () => 40000, idealEdgeLength: () => 110,
        nodeOverlap: 20, gravity: 0.5, numIter: 1500 };
    }
    return layered(cy, Math.max(container.clientWidth - 60, 300));
  }

  function draw(container) {
    const elements = JSON.parse(container.dataset.elements);
    // In id order, so that a layout that follows the elements' order is the same on every load.
    const byId = (a, b) => (a.data.id < b.data.id ? -1 : a.data.id > b.data.id ? 1 : 0);
    elements.nodes.sort(byId);
    elements.edges.sort(byId);
    const small = container.classList.contains('graph-small');
    const cy = cytoscape({
      container,
      elements,
      wheelSensitivity: 0.3,
      maxZoom: small ? 1.3 : 1.5,
      style: [
        {
          selector: 'node',
          style: {
            'background-color': (node) => colour(node.data('colour')),
            label: 'data(label)',
            'font-size': 11,
            'font-family': 'system-ui, sans-serif',
            'min-zoomed-font-size': 6,
            color: '#1f2933',
            'text-valign': 'bottom',
            'text-margin-y': 4,
            'text-background-color': '#ffffff',
            'text-background-opacity': 0.8,
            'text-background-padding': 2,
            width: 22,
            height: 22,
            'border-width': 2,
            'border-color': '#ffffff',
          },
        },
        {
          selector: 'edge',
          style: {
            width: 1.5,
            'line-color': '#9aa5b1',
            'target-arrow-color': '#9aa5b1',
            'target-arrow-shape': 'triangle',
            'curve-style': 'bezier',
            label: 'data(relation)',
            'font-size': 10,
            'font-family': 'system-ui, sans-serif',
            color: '#3e4c59',
            'text-rotation': 'autorotate',
            'text-background-color': '#ffffff',
            'text-background-opacity': 0.9,
            'text-background-padding': 2,
          },
        },
        {
          // An owner's group in a graph cut to its most connected entities.
          selector: ':parent',
          style: {
            'background-color': '#f5f7fa',
            'background-opacity': 0.6,
            'border-color': '#cbd2d9',
            'border-width': 1,
            label: 'data(label)',
            'text-valign': 'top',
            'font-weight': 'bold',
          },
        },
        { selector: 'node:active, node:selected', style: { 'border-color': '#1f4e79', 'border-width': 3 } },
      ],
      layout: { name: 'preset' },
    });
    const chosen = layout(cy, container, small);
    if (chosen.name === 'preset') {
      // The layout is as tall as its layers: the box grows to it (up to a bound) rather than
      // shrinking the drawing below a readable size.
      const ys = Object.values(chosen.positions).map((p) => p.y);
      const height = ys.length ? Math.max(...ys) - Math.min(...ys) + 100 : 0;
      if (height > container.clientHeight) {
        container.style.height = Math.min(height, 2400) + 'px';
        cy.resize();
      }
    }
    seeded(() => cy.layout(chosen).run());
    cy.on('tap', 'node', (event) => {
      const href = event.target.data('href');
      if (href) {
        window.location.assign(href);
      }
    });
    cy.on('mouseover', 'node', () => { container.style.cursor = 'pointer'; });
    cy.on('mouseout', 'node', () => { container.style.cursor = ''; });
    // Tests and the browser console reach the drawn graph here.
    window.portolanGraph = cy;
  }

  document.addEventListener('DOMContentLoaded', () => {
    const container = document.getElementById('graph');
    if (container && container.dataset.elements) {
      draw(container);
    }
  });
})();
