// Draws the graph in #graph from its data-elements (Cytoscape.js elements as the API's graph
// service answers them, each node with a colour index and the href of its entity page).
(() => {
  function colour(index) {
    const value = getComputedStyle(document.documentElement).getPropertyValue('--bp-' + index).trim();
    return value || '#6b7280';
  }

  // A neighbourhood is laid out in rings around its root; a set of blueprints by force.
  function layout(cy, container, small) {
    const root = container.dataset.root;
    if (root && cy.getElementById(root).nonempty()) {
      return { name: 'breadthfirst', roots: cy.getElementById(root), directed: false, circle: small, spacingFactor: small ? 1.1 : 1.3,
        animate: false, padding: 30 };
    }
    return { name: 'cose', animate: false, padding: 30, nodeRepulsion: () => 40000, idealEdgeLength: () => 110,
      nodeOverlap: 20, gravity: 0.5, numIter: 1500 };
  }

  function draw(container) {
    const elements = JSON.parse(container.dataset.elements);
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
            'font-size': 9,
            color: '#52606d',
            'text-rotation': 'autorotate',
            'text-background-color': '#ffffff',
            'text-background-opacity': 0.8,
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
    cy.layout(layout(cy, container, small)).run();
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
